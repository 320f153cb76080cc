import CoreMetrics
public import Model
import Synchronization

/// One bounded resource that clients compete for (request-body bytes, unsent answer bytes, live tails, text
/// searches), shared among tenants and their principals by `FairShare`. A refused claim answers 503 `overloaded`
/// when the resource is full and 429 `too_many_requests` past the caller's share, the latter counted in
/// `logsvc_share_refusals_total{resource}`; a gauge, when named, shows the units held.
public final class SharedCapacity: Sendable {
    private let share: Mutex<FairShare>
    private let what: String
    private let setting: String
    private let retryAfter: Int
    private let refusals: Counter
    private let gauge: Gauge?

    /// `resource` labels the refusals; `what` (plural) and `setting` (the YAML key of `capacity`) name the resource in
    /// refusals; `retryAfter` is their `Retry-After` in seconds.
    public init(resource: String, capacity: Int, what: String, setting: String, retryAfter: Int, gauge: String? = nil) {
        self.share = Mutex(FairShare(capacity: capacity))
        self.what = what
        self.setting = setting
        self.retryAfter = retryAfter
        self.refusals = Counter(label: "logsvc_share_refusals_total", dimensions: [("resource", resource)])
        self.gauge = gauge.map { Gauge(label: $0) }
    }

    /// Takes `amount` units for `claimant`, or throws what the claim is refused with.
    public func take(_ amount: Int, for claimant: Claimant) throws(ServiceError) {
        let verdict = claim(amount, for: claimant)
        if let refusal = refusal(verdict) { throw refusal }
    }

    /// Takes `amount` units if they fit; false (taking nothing) otherwise, for work that shrinks rather than fails.
    public func takeIfFits(_ amount: Int, for claimant: Claimant) -> Bool {
        claim(amount, for: claimant) == .fits
    }

    /// Takes `amount` units whatever the claimant's share holds.
    public func charge(_ amount: Int, for claimant: Claimant) {
        record(share.withLock { share in
            share.take(claimant, amount)
            return share.held
        })
    }

    /// Gives back `amount` units that `claimant` took.
    public func give(_ amount: Int, for claimant: Claimant) {
        record(share.withLock { share in
            share.give(claimant, amount)
            return share.held
        })
    }

    /// Throws what a claim of one unit by `claimant` would be refused with now, taking nothing.
    public func checkRoom(for claimant: Claimant) throws(ServiceError) {
        if let refusal = refusal(share.withLock { $0.verdict(claimant, 1) }) { throw refusal }
    }

    /// One unit for `claimant`, given back when the lease is released.
    public func lease(for claimant: Claimant) throws(ServiceError) -> Lease {
        try take(1, for: claimant)
        return Lease(capacity: self, claimant: claimant)
    }

    /// One unit, given back when the lease is released.
    public final class Lease: Sendable {
        private let capacity: SharedCapacity
        private let claimant: Claimant

        fileprivate init(capacity: SharedCapacity, claimant: Claimant) {
            self.capacity = capacity
            self.claimant = claimant
        }

        deinit { capacity.give(1, for: claimant) }
    }

    private func claim(_ amount: Int, for claimant: Claimant) -> FairShare.Verdict {
        let (verdict, held) = share.withLock { share in
            let verdict = share.verdict(claimant, amount)
            if verdict == .fits { share.take(claimant, amount) }
            return (verdict, share.held)
        }
        if verdict == .fits { record(held) }
        return verdict
    }

    private func refusal(_ verdict: FairShare.Verdict) -> ServiceError? {
        if verdict == .tenantAtShare || verdict == .principalAtShare { refusals.increment() }
        return verdict.refusal(full: "the service holds as many \(what) as it may (\(setting)); retry shortly",
                               atShare: "this caller holds as many \(what) as its share allows; retry shortly",
                               retryAfter: retryAfter)
    }

    private func record(_ held: Int) { gauge?.record(held) }
}
