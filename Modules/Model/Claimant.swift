/// Who takes a share of a bounded resource (a lane's places, the request-body budget, live tails, scans):
/// a tenant, and one principal within it. See `FairShare` for how shares are computed.
public struct Claimant: Hashable, Sendable {
    public let tenant: TenantID
    /// The principal's subject (a user's or machine client's id) within the tenant.
    public let principal: String

    public init(tenant: TenantID, principal: String) {
        self.tenant = tenant
        self.principal = principal
    }
}

extension Principal {
    /// This caller as a claimant of shared capacity.
    public var claimant: Claimant { Claimant(tenant: tenant, principal: subject) }
}
