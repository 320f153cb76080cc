public import Model

/// The units of one bounded resource that each tenant, and each principal within a tenant, holds, and the rule
/// that decides whether a claim fits. Every resource that clients compete for is shared by this one rule: a
/// lane's places (reserved, running and queued requests, see `Lane`) and the `SharedCapacity`s: request-body
/// bytes, unsent answer bytes, live tails and text searches.
///
/// For a resource of capacity `C` of which `U` units are held, a claim of `x` units by a tenant holding `u`,
/// while `n` other tenants hold some:
/// - it is refused as `full` when `U + x > C`, unless nothing at all is held (a lone claim always fits,
///   even one larger than `C`);
/// - it fits the tenant when the tenant holds nothing yet, or `u + x <= C / (n + 2)` (its fair share,
///   with room counted for one more tenant to arrive), or `U + x <= 3/4 C` (beyond its share a tenant
///   may borrow, but only while a quarter of the resource stays free for tenants below theirs);
///   otherwise it is refused as `tenantAtShare`;
/// - the principals of one tenant share what the tenant may hold now, by the same rule with that
///   allowance in place of `C`; otherwise `principalAtShare`.
///
/// So a newcomer always finds a quarter of the resource free, however much one tenant asks for, and a
/// lone tenant with one principal may hold 9/16 of it. Claims without a claimant (work the service
/// does for itself, such as one module calling another) only count against `C`.
///
/// Not thread-safe: the owner keeps it under its own lock.
public struct FairShare: Sendable {
    public let capacity: Int
    public private(set) var held = 0
    /// Units per tenant and per principal, and how many principals of each tenant hold some; flat, so that taking
    /// and giving back never copies or allocates once the tables have grown.
    private var tenants: [TenantID: Int] = [:]
    private var principals: [Claimant: Int] = [:]
    private var holders: [TenantID: Int] = [:]

    /// The fraction of every resource that a tenant above its fair share may not take.
    public static let reserve = 0.25

    public enum Verdict: Sendable, Equatable {
        case fits, full, tenantAtShare, principalAtShare
    }

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Whether `claimant` may take `amount` more units now.
    public func verdict(_ claimant: Claimant?, _ amount: Int) -> Verdict {
        guard held > 0 else { return .fits }
        guard held + amount <= capacity else { return .full }
        guard let claimant, let units = tenants[claimant.tenant] else { return .fits }
        let others = tenants.count - 1
        let total = Double(capacity)
        guard FairShare.fits(amount, holding: units, of: held, within: total, others: others) else { return .tenantAtShare }
        guard let own = principals[claimant] else { return .fits }
        let allowance = max(total / Double(others + 2), total * (1 - FairShare.reserve) - Double(held - units))
        return FairShare.fits(amount, holding: own, of: units, within: allowance, others: (holders[claimant.tenant] ?? 1) - 1)
            ? .fits : .principalAtShare
    }

    /// Takes `amount` units for `claimant` (nil: the service itself), whatever the verdict.
    public mutating func take(_ claimant: Claimant?, _ amount: Int) {
        held += amount
        guard let claimant else { return }
        tenants[claimant.tenant, default: 0] += amount
        if principals[claimant] == nil { holders[claimant.tenant, default: 0] += 1 }
        principals[claimant, default: 0] += amount
    }

    /// Gives back `amount` units that `claimant` took.
    public mutating func give(_ claimant: Claimant?, _ amount: Int) {
        held -= amount
        guard let claimant else { return }
        let units = (tenants[claimant.tenant] ?? amount) - amount
        tenants[claimant.tenant] = units > 0 ? units : nil
        let own = (principals[claimant] ?? amount) - amount
        if own > 0 {
            principals[claimant] = own
        } else {
            principals[claimant] = nil
            let left = (holders[claimant.tenant] ?? 1) - 1
            holders[claimant.tenant] = left > 0 ? left : nil
        }
    }

    /// Units `tenant` holds now.
    public func units(of tenant: TenantID) -> Int { tenants[tenant] ?? 0 }

    /// The rule at one level: a holder of `holding` units, of `total` held at that level, asks for `amount`
    /// more of `capacity`, with `others` other holders at that level.
    private static func fits(_ amount: Int, holding: Int, of total: Int, within capacity: Double, others: Int) -> Bool {
        holding == 0
            || Double(holding + amount) <= capacity / Double(others + 2)
            || Double(total + amount) <= capacity * (1 - reserve)
    }
}

extension FairShare.Verdict {
    /// What a refused claim answers: 503 `overloaded` with `full` when the resource is full, 429
    /// `too_many_requests` with `atShare` past a share, both with `retryAfter` seconds; nil when it fits.
    public func refusal(full: String, atShare: String, retryAfter: Int) -> ServiceError? {
        switch self {
        case .fits: nil
        case .full: ServiceError(.overloaded, full, retryAfter: retryAfter)
        case .tenantAtShare, .principalAtShare: ServiceError(.tooManyRequests, atShare, retryAfter: retryAfter)
        }
    }
}
