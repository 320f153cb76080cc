/// How the claims of a verified token (or of API Gateway's Cognito authorizer) name a principal: the one rule
/// both edges apply, the token verifier of the single binary and the Lambda adapter behind an authorizer.
/// Built from the `auth` settings (`tenant_claim`, `default_tenant`, `ungrouped_roles`).
public struct PrincipalRule: Sendable, Equatable {
    /// The claim naming the caller's tenant, e.g. `custom:tenant`.
    public var tenantClaim: String
    /// The tenant of an ID token without a tenant claim.
    public var defaultTenant: String
    /// The roles of a token without groups (`cognito:groups` absent, null or `[]`).
    public var ungroupedRoles: [Role]

    public init(tenantClaim: String, defaultTenant: String, ungroupedRoles: [Role]) {
        self.tenantClaim = tenantClaim
        self.defaultTenant = defaultTenant
        self.ungroupedRoles = ungroupedRoles
    }

    /// The caller: its tenant from the tenant claim; an ID token without one belongs to the default
    /// tenant (so the users of a pool without the tenant attribute share one), an access token without
    /// one is refused, since Cognito leaves custom attributes out of access tokens and they would all
    /// land in one tenant. Every refusal is 401 `unauthenticated` with the reason `claims`.
    public func principal(claims: [String: JSONValue], use: TokenUse) throws(ServiceError) -> Principal {
        let tenant: TenantID?
        switch claims[tenantClaim] {
        case nil, .null?:
            guard use == .id else { throw PrincipalRule.refusal("the access token names no tenant (\(tenantClaim)); send the ID token") }
            tenant = TenantID(defaultTenant)
        case .string(let name)?: tenant = TenantID(name)
        default: tenant = nil
        }
        guard let tenant else { throw PrincipalRule.refusal("the token's tenant is not a valid tenant id") }
        let subject = claims["cognito:username"]?.string ?? claims["username"]?.string ?? claims["sub"]?.string
        guard let subject else { throw PrincipalRule.refusal("the token names no user") }
        let (roles, grant) = try roles(groups: claims["cognito:groups"])
        return Principal(subject: subject, tenant: tenant, roles: roles, grant: grant)
    }

    /// The roles `cognito:groups` grants, failing closed: group names match role names exactly; groups that name no
    /// role grant nothing; only a token without groups (no claim, null or `[]`) gets `ungroupedRoles`. A claim that is
    /// neither a string nor a list of strings is refused (401).
    public func roles(groups claim: JSONValue?) throws(ServiceError) -> (Set<Role>, RoleGrant) {
        let groups: [String]
        switch claim {
        case nil, .null?: groups = []
        case let claim?:
            guard let names = claim.strings else { throw PrincipalRule.refusal("the token's cognito:groups is not a list of strings") }
            groups = names
        }
        if groups.isEmpty { return (Set(ungroupedRoles), .ungrouped) }
        let roles = Set(groups.compactMap(Role.init(rawValue:)))
        return (roles, roles.isEmpty ? .unknownGroups : .groups)
    }

    /// The reason label of claim refusals, as the token verifier's metrics count them.
    public static let refusalReason = "claims"

    private static func refusal(_ message: String) -> ServiceError {
        ServiceError(.unauthenticated, message, reason: refusalReason)
    }
}
