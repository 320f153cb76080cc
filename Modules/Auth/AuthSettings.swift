/// Settings of the Auth module (`auth:` in the YAML).
public struct AuthSettings: Sendable, Codable, Equatable {
    /// The `iss` of tokens this service issues; when empty, `http://HOST:PORT/<user_pool_id>` at first start.
    public var issuer: String
    public var tokenLifetimeSeconds: Int
    public var clockLeewaySeconds: Int
    /// The claim that names the caller's tenant.
    public var tenantClaim: String
    /// The tenant of tokens without that claim.
    public var defaultTenant: String
    public var maxTokenBytes: Int

    public init(issuer: String = "", tokenLifetimeSeconds: Int = 3600, clockLeewaySeconds: Int = 60,
                tenantClaim: String = "custom:tenant", defaultTenant: String = "default",
                maxTokenBytes: Int = 8192) {
        self.issuer = issuer
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.clockLeewaySeconds = clockLeewaySeconds
        self.tenantClaim = tenantClaim
        self.defaultTenant = defaultTenant
        self.maxTokenBytes = maxTokenBytes
    }

    enum CodingKeys: String, CodingKey {
        case issuer
        case tokenLifetimeSeconds = "token_lifetime_seconds"
        case clockLeewaySeconds = "clock_leeway_seconds"
        case tenantClaim = "tenant_claim"
        case defaultTenant = "default_tenant"
        case maxTokenBytes = "max_token_bytes"
    }
}
