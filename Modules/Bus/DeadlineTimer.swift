import Model
import Synchronization

/// Runs work with a deadline: past it the caller gets `timeout` at once, while the work is
/// cancelled and finishes in the background (it keeps its lane slot until it does).
///
/// One timer serves every pending deadline: while any is pending, a single task wakes every `tick`
/// and expires those that are due, so a deadline fires at most one tick late. (A timer task per
/// call cost a third of a single write's CPU.)
final class DeadlineTimer: Sendable {
    private struct Pending {
        let due: ContinuousClock.Instant
        let expire: @Sendable () -> Void
    }

    private struct State {
        var pending: [UInt64: Pending] = [:]
        var lastID: UInt64 = 0
        var ticking = false
    }

    private let state = Mutex(State())
    private let tick: Duration

    init(tick: Duration = .milliseconds(10)) {
        self.tick = tick
    }

    func run<T: Sendable>(milliseconds: Int, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let due = ContinuousClock.now + .milliseconds(milliseconds)
        let outcome = Outcome<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.attach(continuation)
                let worker = Task {
                    await Bus.$replyDeadline.withValue(due) {
                        do { outcome.resolve(.success(try await work())) } catch { outcome.resolve(.failure(error)) }
                    }
                }
                let id = add(Pending(due: due) {
                    outcome.resolve(.failure(ServiceError(.timeout, "the request took longer than \(milliseconds) ms", retryAfter: 1)))
                    worker.cancel()
                })
                outcome.onResolve { self.remove(id) }
                outcome.onCancel { worker.cancel() }
            }
        } onCancel: {
            outcome.cancel()
        }
    }

    /// How many deadlines are pending (for tests).
    var pendingCount: Int { state.withLock { $0.pending.count } }

    private func add(_ pending: Pending) -> UInt64 {
        let (id, startTicking) = state.withLock { state -> (UInt64, Bool) in
            state.lastID += 1
            state.pending[state.lastID] = pending
            defer { state.ticking = true }
            return (state.lastID, !state.ticking)
        }
        if startTicking { Task.detached { await self.tickWhilePending() } }
        return id
    }

    private func remove(_ id: UInt64) {
        _ = state.withLock { $0.pending.removeValue(forKey: id) }
    }

    private func tickWhilePending() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let expired = state.withLock { state -> [Pending]? in
                if state.pending.isEmpty {
                    state.ticking = false
                    return nil
                }
                let due = state.pending.filter { $0.value.due <= now }
                for id in due.keys { state.pending.removeValue(forKey: id) }
                return Array(due.values)
            }
            guard let expired else { return }
            expired.forEach { $0.expire() }
        }
    }

    /// Resumes its continuation exactly once, with whichever result comes first.
    final class Outcome<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var resolved = false
            var cancelled = false
            var onResolve: (@Sendable () -> Void)?
            var onCancel: (@Sendable () -> Void)?
        }
        private let state = Mutex(State())

        func attach(_ continuation: CheckedContinuation<T, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        func onResolve(_ action: @escaping @Sendable () -> Void) {
            let already = state.withLock { state -> Bool in
                if state.resolved { return true }
                state.onResolve = action
                return false
            }
            if already { action() }
        }

        func onCancel(_ action: @escaping @Sendable () -> Void) {
            let already = state.withLock { state -> Bool in
                if state.cancelled { return true }
                state.onCancel = action
                return false
            }
            if already { action() }
        }

        func cancel() {
            let action = state.withLock { state -> (@Sendable () -> Void)? in
                state.cancelled = true
                return state.onCancel
            }
            action?()
        }

        func resolve(_ result: Result<T, any Error>) {
            let pending = state.withLock { state -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
                guard !state.resolved else { return (nil, nil) }
                state.resolved = true
                defer { state.continuation = nil }
                return (state.continuation, state.onResolve)
            }
            pending.1?()
            pending.0?.resume(with: result)
        }
    }
}
