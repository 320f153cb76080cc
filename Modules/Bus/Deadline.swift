import Model
import Synchronization

/// Runs work with a deadline: past it the caller gets `timeout` at once, while the work is
/// cancelled and finishes in the background (it keeps its lane slot until it does).
enum Deadline {
    static func run<T: Sendable>(milliseconds: Int, _ work: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        let outcome = Outcome<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.attach(continuation)
                let worker = Task {
                    do { outcome.resolve(.success(try await work())) } catch { outcome.resolve(.failure(error)) }
                }
                let timer = Task {
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    if !Task.isCancelled {
                        outcome.resolve(.failure(ServiceError(.timeout, "the request took longer than \(milliseconds) ms", retryAfter: 1)))
                        worker.cancel()
                    }
                }
                outcome.onResolve { timer.cancel() }
                outcome.onCancel { worker.cancel() }
            }
        } onCancel: {
            outcome.cancel()
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
