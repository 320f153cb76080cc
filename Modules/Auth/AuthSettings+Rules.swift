public import Config
public import Model

extension AuthSettings: ConfigValidating {
    /// Lifetimes and sizes at least 1, leeway 0 or more, claim and tenant named, hash iterations NIST's 1,000 or more.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(tokenLifetimeSeconds, in: 1..., at: "token_lifetime_seconds")
        rules.require(clientTokenLifetimeSeconds, in: 1..., at: "client_token_lifetime_seconds")
        rules.require(refreshTokenValidityDays, in: 1..., at: "refresh_token_validity_days")
        rules.require(temporaryPasswordValidityDays, in: 1..., at: "temporary_password_validity_days")
        rules.require(clockLeewaySeconds, in: 0..., at: "clock_leeway_seconds")
        rules.require(!tenantClaim.isEmpty, at: ["tenant_claim"], rule: "must name a claim, e.g. custom:tenant")
        rules.require(!defaultTenant.isEmpty, at: ["default_tenant"], rule: "must name a tenant")
        rules.require(maxTokenBytes, in: 1..., at: "max_token_bytes")
        rules.require(passwordHashIterations, in: 1_000...PasswordHash.maximumIterations, at: "password_hash_iterations")
    }
}

extension PasswordPolicy: ConfigValidating {
    /// A minimum length that a password may have: 1...256 (longer passwords are refused).
    public func validate(_ rules: inout ConfigRules) {
        rules.require(minimumLength, in: 1...256, at: "minimum_length")
    }
}

extension LockoutSettings: ConfigValidating {
    /// Every count and duration at least 1.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(slowAfterFailures, in: 1..., at: "slow_after_failures")
        rules.require(lockAfterFailures, in: 1..., at: "lock_after_failures")
        rules.require(slowAddressAfterFailures, in: 1..., at: "slow_address_after_failures")
        rules.require(windowSeconds, in: 1..., at: "window_seconds")
        rules.require(lockSeconds, in: 1..., at: "lock_seconds")
    }
}

extension IssuerSettings: ConfigValidating {
    /// An exact issuer, an http(s) JWKS URL and at least one client id.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(!issuer.isEmpty, at: ["issuer"], rule: "must be the exact `iss` of the issuer's tokens")
        rules.require(jwksURL.hasPrefix("https://") || jwksURL.hasPrefix("http://"), at: ["jwks_url"],
                      rule: "must be an http:// or https:// URL")
        rules.require(!clientIDs.isEmpty, at: ["client_ids"], rule: "must name at least one client id")
    }
}
