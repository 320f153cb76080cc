import CoreMetrics
import Model
import Synchronization

/// The bounded admission of one topic: at most `concurrency` requests run, at most `queue` wait,
/// and the next one is refused at once. A place can also be reserved at the edge, before any work is
/// spent on a request; reserved places count against the same bounds.
final class Lane: Sendable {
    let route: Route
    private let state: Mutex<State>
    private let metrics: LaneMetrics

    private struct State {
        var statistics: TopicStatistics
        /// What `metrics` last saw of `statistics`.
        var exported: TopicStatistics
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextWaiter: UInt64 = 0
        /// Moving average of how long one request holds a slot, in seconds.
        var serviceSeconds = 0.0
        func isFull(_ route: Route) -> Bool {
            statistics.inFlight + waiters.count + statistics.reserved >= route.concurrency + route.queue
        }
    }

    init(topic: String, route: Route) {
        self.route = route
        let statistics = TopicStatistics(topic: topic, module: route.module)
        self.state = Mutex(State(statistics: statistics, exported: statistics))
        self.metrics = LaneMetrics(topic: topic, module: route.module)
    }

    var statistics: TopicStatistics { state.withLock { $0.statistics } }

    /// Runs `body` once a slot is free; throws `overloaded` when the queue is full, unless the
    /// request holds a `reserved` place.
    func run<T: Sendable>(reserved: Bool = false, _ body: @Sendable () async throws -> T) async throws -> T {
        try await admit(reserved: reserved)
        let start = ContinuousClock.now
        defer { release(held: start.duration(to: .now)) }
        return try await body()
    }

    /// Takes a place for a request still to come; throws `overloaded` when there is none.
    func reserve() throws(ServiceError) {
        let taken = state.withLock { state -> Bool in
            if state.isFull(route) {
                state.statistics.rejections += 1
                metrics.export(&state.exported, state.statistics)
                return false
            }
            state.statistics.reserved += 1
            metrics.export(&state.exported, state.statistics)
            return true
        }
        if !taken { throw refusal }
    }

    /// Gives back a reserved place whose request never came.
    func cancelReservation() {
        state.withLock {
            $0.statistics.reserved -= 1
            metrics.export(&$0.exported, $0.statistics)
        }
    }

    func record(failure: Bool = false, timeout: Bool = false) {
        state.withLock {
            if failure { $0.statistics.failures += 1 }
            if timeout { $0.statistics.timeouts += 1 }
            metrics.export(&$0.exported, $0.statistics)
        }
    }

    private enum Admission { case run, wait(UInt64), refuse }

    private func admit(reserved: Bool) async throws {
        let admission: Admission = state.withLock { state in
            if reserved {
                state.statistics.reserved -= 1
            } else if state.isFull(route) {
                state.statistics.rejections += 1
                metrics.export(&state.exported, state.statistics)
                return .refuse
            }
            if state.statistics.inFlight < route.concurrency {
                state.statistics.inFlight += 1
                state.statistics.requests += 1
                metrics.export(&state.exported, state.statistics)
                return .run
            }
            state.nextWaiter += 1
            state.statistics.requests += 1
            metrics.export(&state.exported, state.statistics)
            return .wait(state.nextWaiter)
        }
        switch admission {
        case .run:
            return
        case .refuse:
            throw refusal
        case .wait(let id):
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let cancelled = state.withLock { state -> Bool in
                        if Task.isCancelled { return true }
                        state.waiters.append((id, continuation))
                        state.statistics.queued = state.waiters.count
                        metrics.export(&state.exported, state.statistics)
                        return false
                    }
                    if cancelled { continuation.resume(throwing: CancellationError()) }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    let waiter = state.waiters.remove(at: index)
                    state.statistics.queued = state.waiters.count
                    metrics.export(&state.exported, state.statistics)
                    return waiter.continuation
                }
                waiter?.resume(throwing: CancellationError())
            }
        }
    }

    private var refusal: ServiceError {
        ServiceError(.overloaded, "the service is at capacity, retry shortly", retryAfter: drainSeconds)
    }

    /// Whole seconds (1...60) the lane needs to work off a full queue at its recent pace: the `Retry-After` of a refusal.
    private var drainSeconds: Int {
        let perRequest = state.withLock { $0.serviceSeconds }
        let seconds = (Double(route.queue + route.concurrency) * perRequest / Double(route.concurrency)).rounded(.up)
        return Int(min(60, max(1, seconds)))
    }

    /// Frees a slot, handing it straight to the oldest waiter if there is one.
    private func release(held: Duration) {
        let seconds = Double(held.components.seconds) + Double(held.components.attoseconds) * 1e-18
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            defer { metrics.export(&state.exported, state.statistics) }
            state.serviceSeconds += (seconds - state.serviceSeconds) / (state.serviceSeconds == 0 ? 1 : 16)
            if state.waiters.isEmpty {
                state.statistics.inFlight -= 1
                return nil
            }
            let waiter = state.waiters.removeFirst()
            state.statistics.queued = state.waiters.count
            return waiter.continuation
        }
        next?.resume()
    }
}
