import CoreMetrics
public import Model
import Synchronization

/// A fixed number of slots of one kind (live tails, text searches) shared among tenants and their principals by
/// `FairShare`. A slot is held by its `Lease` and given back when the lease is released.
public final class SharedSlots: Sendable {
    private let share: Mutex<FairShare>
    private let what: String
    private let setting: String
    private let retryAfter: Int
    private let refusals: Counter

    /// `resource` labels `logsvc_share_refusals_total`; `what` (plural) and `setting` (the YAML key of
    /// `capacity`) name them in refusals.
    public init(resource: String, capacity: Int, what: String, setting: String, retryAfter: Int) {
        self.share = Mutex(FairShare(capacity: capacity))
        self.what = what
        self.setting = setting
        self.retryAfter = retryAfter
        self.refusals = Counter(label: "logsvc_share_refusals_total", dimensions: [("resource", resource)])
    }

    /// Takes a slot for `claimant`; throws `overloaded` when none is free and `tooManyRequests` when the
    /// claimant holds its share.
    public func acquire(for claimant: Claimant) throws(ServiceError) -> Lease {
        let verdict = share.withLock { share in
            let verdict = share.verdict(claimant, 1)
            if verdict == .fits { share.take(claimant, 1) }
            return verdict
        }
        switch verdict {
        case .fits:
            return Lease(slots: self, claimant: claimant)
        case .full:
            throw ServiceError(.overloaded, "too many \(what) are open in this process (\(setting)); retry shortly", retryAfter: retryAfter)
        case .tenantAtShare, .principalAtShare:
            refusals.increment()
            throw ServiceError(.tooManyRequests, "this caller has as many \(what) open as its share allows; retry shortly",
                               retryAfter: retryAfter)
        }
    }

    /// One slot, given back when the lease is released.
    public final class Lease: Sendable {
        private let slots: SharedSlots
        private let claimant: Claimant

        fileprivate init(slots: SharedSlots, claimant: Claimant) {
            self.slots = slots
            self.claimant = claimant
        }

        deinit { slots.share.withLock { $0.give(claimant, 1) } }
    }
}
