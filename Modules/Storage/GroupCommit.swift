import Synchronization

/// Groups the writes of concurrent callers into one transaction: while one commit runs, new
/// batches queue up and go together in the next. Each caller is resumed after the commit that
/// holds its batch, with its own outcome.
final class GroupCommit<Batch: Sendable, Outcome: Sendable>: Sendable {
    typealias Commit = @Sendable ([Batch]) async -> [Result<Outcome, any Error>]

    private struct Pending {
        let batch: Batch
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var flushing = false
        var idle: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let commit: Commit
    private let maxBatches: Int

    /// `commit` writes the batches in one transaction and returns one outcome per batch.
    init(maxBatchesPerCommit: Int = 1024, commit: @escaping Commit) {
        self.maxBatches = maxBatchesPerCommit
        self.commit = commit
    }

    /// Returns `batch`'s outcome once it is committed; throws its own failure.
    func submit(_ batch: Batch) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let startFlush = state.withLock { state -> Bool in
                state.pending.append(Pending(batch: batch, continuation: continuation))
                if state.flushing { return false }
                state.flushing = true
                return true
            }
            if startFlush { Task { await self.flush() } }
        }
    }

    /// Waits until nothing is pending or being committed.
    func drain() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if !state.flushing { return true }
                state.idle.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func flush() async {
        while true {
            let group = state.withLock { state -> [Pending] in
                let group = Array(state.pending.prefix(maxBatches))
                state.pending.removeFirst(group.count)
                return group
            }
            if group.isEmpty {
                let idle = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
                    guard state.pending.isEmpty else { return nil }
                    state.flushing = false
                    defer { state.idle = [] }
                    return state.idle
                }
                guard let idle else { continue }
                idle.forEach { $0.resume() }
                return
            }
            let outcomes = await commit(group.map(\.batch))
            for (pending, outcome) in zip(group, outcomes) {
                pending.continuation.resume(with: outcome)
            }
        }
    }
}
