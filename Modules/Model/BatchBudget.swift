import Synchronization

/// What the calls of one request may spend together: stored entries examined (read and decrypted) by queries,
/// and bytes of answers, within the caller's `allowance` of answer bytes in the whole process. Queries draw on
/// it as they go and end their page early, with a cursor, when it runs out; the gateway charges other answers
/// to it and refuses calls once it is spent (`budget_exceeded`). Shared by reference between the calls of one
/// JSON-RPC batch.
public final class BatchBudget: Sendable {
    private let entries: Atomic<Int>
    private let bytes: Atomic<Int>
    private let allowance: (any AnswerAllowance)?

    public init(entries: Int = .max, bytes: Int = .max, allowance: (any AnswerAllowance)?) {
        self.entries = Atomic(entries)
        self.bytes = Atomic(bytes)
        self.allowance = allowance
    }

    /// True once either part is spent.
    public var isSpent: Bool { entries.load(ordering: .relaxed) <= 0 || bytes.load(ordering: .relaxed) <= 0 }

    /// Takes up to `wanted` entries to examine; returns how many it may (0 once spent).
    public func takeEntries(_ wanted: Int) -> Int {
        var left = entries.load(ordering: .relaxed)
        while true {
            let granted = max(0, min(wanted, left))
            guard granted > 0 else { return 0 }
            let (exchanged, original) = entries.compareExchange(expected: left, desired: left - granted, ordering: .relaxed)
            if exchanged { return granted }
            left = original
        }
    }

    /// Gives back entries taken but not examined.
    public func giveBackEntries(_ count: Int) {
        if count > 0 { entries.add(count, ordering: .relaxed) }
    }

    /// Takes `count` bytes of answer if that many are left here and in the allowance; false (taking nothing)
    /// otherwise.
    public func takeBytes(_ count: Int) -> Bool {
        var left = bytes.load(ordering: .relaxed)
        while true {
            guard left >= count else { return false }
            let (exchanged, original) = bytes.compareExchange(expected: left, desired: left - count, ordering: .relaxed)
            if exchanged { break }
            left = original
        }
        guard allowance?.take(count) ?? true else {
            bytes.add(count, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives back bytes taken and not used after all.
    public func giveBackBytes(_ count: Int) {
        guard count > 0 else { return }
        bytes.add(count, ordering: .relaxed)
        allowance?.give(count)
    }

    /// Charges an answer that must be sent, even past what is left.
    public func charge(bytes count: Int) {
        bytes.subtract(count, ordering: .relaxed)
        allowance?.charge(count)
    }
}
