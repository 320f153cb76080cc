public import Model

/// Settings of the Auth module (`auth:` in the YAML).
public struct AuthSettings: Sendable, Codable, Equatable {
    /// The `iss` of tokens this service issues; when empty, `http://HOST:PORT/<user_pool_id>` at first start.
    public var issuer: String
    public var tokenLifetimeSeconds: Int
    /// Lifetime of machine clients' access tokens.
    public var clientTokenLifetimeSeconds: Int
    public var refreshTokenValidityDays: Int
    public var temporaryPasswordValidityDays: Int
    public var clockLeewaySeconds: Int
    /// The claim that names the caller's tenant.
    public var tenantClaim: String
    /// The tenant of tokens without that claim.
    public var defaultTenant: String
    public var maxTokenBytes: Int
    /// The roles of a token with no groups at all (no `cognito:groups`, or an empty list); `[]` grants such tokens
    /// nothing. A token whose groups include none of the roles' exact names gets no role, whatever this says.
    public var ungroupedRoles: [Role]
    public var passwordPolicy: PasswordPolicy
    /// PBKDF2-HMAC-SHA256 iterations of password hashes made from now on (a hash keeps the count it was made with);
    /// also the cost of the decoy hash that an unknown username is checked against. OWASP's Password Storage Cheat
    /// Sheet recommends 600,000; NIST SP 800-132 §5.2 sets 1,000 as the floor.
    public var passwordHashIterations: Int
    public var lockout: LockoutSettings
    /// External issuers whose tokens are accepted besides the local pool's.
    public var issuers: [IssuerSettings]
    /// Whether this process keeps a local user pool (the single binary); without one it only verifies the
    /// tokens of `issuers` (a Lambda function behind Amazon Cognito).
    public var localPool: Bool

    public init(issuer: String = "", tokenLifetimeSeconds: Int = 3600, clientTokenLifetimeSeconds: Int = 900,
                refreshTokenValidityDays: Int = 30,
                temporaryPasswordValidityDays: Int = 7, clockLeewaySeconds: Int = 60,
                tenantClaim: String = "custom:tenant", defaultTenant: String = "default", maxTokenBytes: Int = 8192,
                ungroupedRoles: [Role] = [.writer, .reader], passwordPolicy: PasswordPolicy = PasswordPolicy(),
                passwordHashIterations: Int = 600_000, lockout: LockoutSettings = LockoutSettings(),
                issuers: [IssuerSettings] = [], localPool: Bool = true) {
        self.issuer = issuer
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.clientTokenLifetimeSeconds = clientTokenLifetimeSeconds
        self.refreshTokenValidityDays = refreshTokenValidityDays
        self.temporaryPasswordValidityDays = temporaryPasswordValidityDays
        self.clockLeewaySeconds = clockLeewaySeconds
        self.tenantClaim = tenantClaim
        self.defaultTenant = defaultTenant
        self.maxTokenBytes = maxTokenBytes
        self.ungroupedRoles = ungroupedRoles
        self.passwordPolicy = passwordPolicy
        self.passwordHashIterations = passwordHashIterations
        self.lockout = lockout
        self.issuers = issuers
        self.localPool = localPool
    }

    enum CodingKeys: String, CodingKey {
        case issuer, lockout, issuers
        case tokenLifetimeSeconds = "token_lifetime_seconds"
        case clientTokenLifetimeSeconds = "client_token_lifetime_seconds"
        case refreshTokenValidityDays = "refresh_token_validity_days"
        case temporaryPasswordValidityDays = "temporary_password_validity_days"
        case clockLeewaySeconds = "clock_leeway_seconds"
        case tenantClaim = "tenant_claim"
        case defaultTenant = "default_tenant"
        case maxTokenBytes = "max_token_bytes"
        case ungroupedRoles = "ungrouped_roles"
        case passwordPolicy = "password_policy"
        case passwordHashIterations = "password_hash_iterations"
        case localPool = "local_pool"
    }

    /// How these settings name the principal of a token's claims.
    public var principalRule: PrincipalRule {
        PrincipalRule(tenantClaim: tenantClaim, defaultTenant: defaultTenant, ungroupedRoles: ungroupedRoles)
    }
}

/// How failed logins are slowed and then locked out (`auth.lockout`).
public struct LockoutSettings: Sendable, Codable, Equatable {
    /// Failures of one user, within the window, after which each further answer is delayed a second more (at most 5).
    public var slowAfterFailures: Int
    /// Failures of one user within the window, attempts in flight included, that lock it for `lockSeconds`.
    public var lockAfterFailures: Int
    /// Failures from one client address within the window after which each further failed answer from it is
    /// delayed a second more (at most 5); an address is never locked.
    public var slowAddressAfterFailures: Int
    public var windowSeconds: Int
    public var lockSeconds: Int

    public init(slowAfterFailures: Int = 3, lockAfterFailures: Int = 10, slowAddressAfterFailures: Int = 50,
                windowSeconds: Int = 900, lockSeconds: Int = 900) {
        self.slowAfterFailures = slowAfterFailures
        self.lockAfterFailures = lockAfterFailures
        self.slowAddressAfterFailures = slowAddressAfterFailures
        self.windowSeconds = windowSeconds
        self.lockSeconds = lockSeconds
    }

    enum CodingKeys: String, CodingKey {
        case slowAfterFailures = "slow_after_failures"
        case lockAfterFailures = "lock_after_failures"
        case slowAddressAfterFailures = "slow_address_after_failures"
        case windowSeconds = "window_seconds"
        case lockSeconds = "lock_seconds"
    }
}
