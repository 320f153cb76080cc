import CoreMetrics
import Model
import Synchronization

/// The bounded admission of one topic: at most `concurrency` requests run, at most `queue` wait, and the
/// next one is refused at once. A place can also be reserved for a request still being made (its body read);
/// reserved places count against the same bounds but take no running slot. The places (reserved, running and
/// waiting) are shared among tenants by `FairShare`, and a freed slot goes to the waiter whose tenant holds the
/// fewest places, so one tenant's burst neither fills the lane nor makes others wait behind it.
final class Lane: Sendable {
    let route: Route
    private let state: Mutex<State>
    private let metrics: LaneMetrics

    private struct Waiter {
        let id: UInt64
        let claimant: Claimant?
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var statistics: TopicStatistics
        /// What `metrics` last saw of `statistics`.
        var exported: TopicStatistics
        var places: FairShare
        var waiters: [Waiter] = []
        var nextWaiter: UInt64 = 0
        /// Moving average of how long one request holds a slot, in seconds.
        var serviceSeconds = 0.0
    }

    init(topic: String, route: Route) {
        self.route = route
        let statistics = TopicStatistics(topic: topic, module: route.module)
        self.state = Mutex(State(statistics: statistics, exported: statistics,
                                 places: FairShare(capacity: route.concurrency + route.queue)))
        self.metrics = LaneMetrics(topic: topic, module: route.module)
    }

    var statistics: TopicStatistics { state.withLock { $0.statistics } }

    /// Runs `body` once a slot is free; throws `overloaded` when the lane is full and `tooManyRequests` when
    /// `claimant` holds its share of it, unless the request holds a `reserved` place.
    func run<T: Sendable>(for claimant: Claimant?, reserved: Bool = false, _ body: @Sendable () async throws -> T) async throws -> T {
        try await admit(claimant, reserved: reserved)
        let start = ContinuousClock.now
        defer { release(claimant, held: start.duration(to: .now)) }
        return try await body()
    }

    /// Reserves a place for a request of `claimant` still to come; throws what `run` would throw for it.
    func reserve(for claimant: Claimant?) throws(ServiceError) {
        let verdict = state.withLock { state in
            defer { metrics.export(&state.exported, state.statistics) }
            let verdict = state.places.verdict(claimant, 1)
            switch verdict {
            case .fits:
                state.places.take(claimant, 1)
                state.statistics.reserved += 1
            case .full: state.statistics.rejections += 1
            case .tenantAtShare, .principalAtShare: state.statistics.shareRefusals += 1
            }
            return verdict
        }
        if let refusal = refusal(verdict) { throw refusal }
    }

    /// Gives back a reserved place whose request never came.
    func cancelReservation(for claimant: Claimant?) {
        state.withLock {
            $0.places.give(claimant, 1)
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

    private enum Admission { case run, wait(UInt64), refuse(FairShare.Verdict) }

    private func admit(_ claimant: Claimant?, reserved: Bool) async throws {
        let admission: Admission = state.withLock { state in
            defer { metrics.export(&state.exported, state.statistics) }
            if reserved {
                state.statistics.reserved -= 1
            } else {
                let verdict = state.places.verdict(claimant, 1)
                guard verdict == .fits else {
                    if verdict == .full { state.statistics.rejections += 1 } else { state.statistics.shareRefusals += 1 }
                    return .refuse(verdict)
                }
                state.places.take(claimant, 1)
            }
            state.statistics.requests += 1
            if state.statistics.inFlight < route.concurrency {
                state.statistics.inFlight += 1
                return .run
            }
            state.nextWaiter += 1
            return .wait(state.nextWaiter)
        }
        switch admission {
        case .run:
            return
        case .refuse(let verdict):
            throw refusal(verdict) ?? ServiceError.internalError("lane refused a fitting request")
        case .wait(let id):
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let cancelled = state.withLock { state -> Bool in
                        if Task.isCancelled {
                            state.places.give(claimant, 1)
                            return true
                        }
                        state.waiters.append(Waiter(id: id, claimant: claimant, continuation: continuation))
                        state.statistics.queued = state.waiters.count
                        metrics.export(&state.exported, state.statistics)
                        return false
                    }
                    if cancelled { continuation.resume(throwing: CancellationError()) }
                }
            } onCancel: {
                let waiter = state.withLock { state -> Waiter? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    let waiter = state.waiters.remove(at: index)
                    state.places.give(waiter.claimant, 1)
                    state.statistics.queued = state.waiters.count
                    metrics.export(&state.exported, state.statistics)
                    return waiter
                }
                waiter?.continuation.resume(throwing: CancellationError())
            }
        }
    }

    private func refusal(_ verdict: FairShare.Verdict) -> ServiceError? {
        guard verdict != .fits else { return nil }
        return verdict.refusal(full: "the service is at capacity, retry shortly",
                               atShare: "this caller has as many requests in progress as its share allows; retry shortly",
                               retryAfter: drainSeconds)
    }

    /// Whole seconds (1...60) the lane needs to work off a full queue at its recent pace: the `Retry-After` of a refusal.
    private var drainSeconds: Int {
        let perRequest = state.withLock { $0.serviceSeconds }
        let seconds = (Double(route.queue + route.concurrency) * perRequest / Double(route.concurrency)).rounded(.up)
        return Int(min(60, max(1, seconds)))
    }

    /// Frees a slot, handing it straight to the waiter whose tenant holds the fewest places (the oldest among equals).
    private func release(_ claimant: Claimant?, held: Duration) {
        let seconds = Double(held.components.seconds) + Double(held.components.attoseconds) * 1e-18
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            defer { metrics.export(&state.exported, state.statistics) }
            state.serviceSeconds += (seconds - state.serviceSeconds) / (state.serviceSeconds == 0 ? 1 : 16)
            state.places.give(claimant, 1)
            guard !state.waiters.isEmpty else {
                state.statistics.inFlight -= 1
                return nil
            }
            var chosen = 0
            if state.waiters.count > 1 {
                var fewest = Int.max
                for (index, waiter) in state.waiters.enumerated() {
                    let units = waiter.claimant.map { state.places.units(of: $0.tenant) } ?? 0
                    if units < fewest {
                        fewest = units
                        chosen = index
                    }
                }
            }
            let waiter = state.waiters.remove(at: chosen)
            state.statistics.queued = state.waiters.count
            return waiter.continuation
        }
        next?.resume()
    }
}
