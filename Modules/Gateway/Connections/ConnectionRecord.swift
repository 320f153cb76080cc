import NIOCore
import Synchronization

/// One open connection as the registry, its `ConnectionGuard` and the requests it serves share it: what it is
/// doing, the task serving it (cancelled when the client goes away mid-request), and what to do once the answer
/// being written has been written.
final class ConnectionRecord: Sendable {
    /// The connection whose request the current task serves (none for a Lambda invocation).
    @TaskLocal static var current: ConnectionRecord?

    let channel: any Channel
    let address: String
    /// The phase and when it began (`NIODeadline` nanoseconds), packed: the top two bits say idle (1), request
    /// arriving (2) or request being served (0).
    private let state = Atomic<UInt64>(ConnectionRecord.pack(1, NIODeadline.now()))
    private let work = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))
    private let answerSent = Mutex<(@Sendable () -> Void)?>(nil)

    enum Phase {
        /// Waiting for the first byte of a request since then.
        case idle(since: UInt64)
        /// A request's head or body has been arriving since then.
        case arriving(since: UInt64)
        /// The service is working on a request or sending its answer.
        case serving
    }

    init(channel: any Channel, address: String) {
        self.channel = channel
        self.address = address
    }

    var phase: Phase {
        let packed = state.load(ordering: .relaxed)
        let since = packed & ~(UInt64(3) << 62)
        switch packed >> 62 {
        case 1: return .idle(since: since)
        case 2: return .arriving(since: since)
        default: return .serving
        }
    }

    func markIdle(_ now: NIODeadline) { state.store(ConnectionRecord.pack(1, now), ordering: .relaxed) }
    func markArriving(_ now: NIODeadline) { state.store(ConnectionRecord.pack(2, now), ordering: .relaxed) }
    func markServing() { state.store(0, ordering: .relaxed) }

    private static func pack(_ phase: UInt64, _ time: NIODeadline) -> UInt64 {
        phase << 62 | (time.uptimeNanoseconds & ~(UInt64(3) << 62))
    }

    /// Runs `action` once the answer about to be written has been written to the socket, or the connection closed.
    func afterAnswerSent(_ action: @escaping @Sendable () -> Void) {
        answerSent.withLock { $0 = action }
    }

    /// What to run once the answer being written has been written (see `afterAnswerSent`).
    func takeAnswerSentAction() -> (@Sendable () -> Void)? {
        answerSent.withLock { action in
            defer { action = nil }
            return action
        }
    }

    /// The task serving the connection; cancelled at once if the client has already gone.
    func attach(_ task: Task<Void, Never>) {
        let cancelled = work.withLock { work -> Bool in
            work.task = task
            return work.cancelled
        }
        if cancelled { task.cancel() }
    }

    /// Cancels the work in progress for this connection (its client went away).
    func cancelWork() {
        let task = work.withLock { work -> Task<Void, Never>? in
            work.cancelled = true
            return work.task
        }
        task?.cancel()
    }
}
