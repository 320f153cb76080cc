public import Model

/// What a token is for: Cognito's `token_use`.
public enum TokenUse: String, Sendable {
    case id, access
}

/// A token whose signature and claims checked out.
public struct VerifiedToken: Sendable {
    public let principal: Principal
    public let tokenUse: TokenUse
    public let issuer: String
}

/// Verifies Cognito-shaped tokens (RFC 7519 JWTs, JWS compact form) and turns them into principals,
/// following AWS's guidance for Cognito tokens and RFC 8725.
public struct TokenVerifier: Sendable {
    private let issuers: [String: TrustedIssuer]
    private let localIssuer: String?
    let settings: AuthSettings

    /// A verifier trusting the local pool's tokens.
    public init(pool: UserPool, settings: AuthSettings) {
        let local = TrustedIssuer(issuer: pool.issuer, clientIDs: [pool.clientID]) { kid in
            await pool.signingKeys.key(kid: kid).map { VerificationKey.rs256($0.publicKey) }
        }
        self.issuers = [local.issuer: local]
        self.localIssuer = pool.issuer
        self.settings = settings
    }

    /// The principal `token` proves, or `unauthenticated` with the reason.
    public func verify(_ token: String, now: Timestamp = .now()) async throws(ServiceError) -> Principal {
        try await verified(token, now: now).principal
    }

    /// Verifies a token of the local pool only (for the pool's own API, e.g. GlobalSignOut).
    func verifyLocal(_ token: String, now: Timestamp = .now()) async throws(ServiceError) -> VerifiedToken {
        let verified = try await verified(token, now: now)
        guard verified.issuer == localIssuer else { throw ServiceError.unauthenticated("the token is not from this pool") }
        return verified
    }

    func verified(_ token: String, now: Timestamp) async throws(ServiceError) -> VerifiedToken {
        guard !token.isEmpty else { throw ServiceError.unauthenticated("missing token") }
        guard token.utf8.count <= settings.maxTokenBytes else {
            throw ServiceError.unauthenticated("the token is larger than \(settings.maxTokenBytes) bytes")
        }
        let jwt = try JWT(parsing: token)
        guard let issuer = jwt.claims["iss"]?.string.flatMap({ issuers[$0] }) else {
            throw ServiceError.unauthenticated("the token was issued by an issuer this service does not trust")
        }
        guard let algorithm = jwt.header["alg"]?.string, ["RS256"].contains(algorithm) else {
            throw ServiceError.unauthenticated("the token's algorithm is not allowed (only RS256)")
        }
        guard jwt.header["crit"] == nil else {
            throw ServiceError.unauthenticated("the token has critical header extensions")
        }
        guard let kid = jwt.header["kid"]?.string, let key = await issuer.key(kid) else {
            throw ServiceError.unauthenticated("the token's signing key is unknown")
        }
        guard key.algorithm == algorithm, key.verify(signature: jwt.signature, data: jwt.signingInput) else {
            throw ServiceError.unauthenticated("the token's signature is invalid")
        }
        let claims = jwt.claims
        try checkTimes(claims, now: now)
        let use: TokenUse
        switch claims["token_use"]?.string {
        case "id":
            guard let audience = claims["aud"]?.strings, !issuer.clientIDs.isDisjoint(with: audience) else {
                throw ServiceError.unauthenticated("the token is meant for another client")
            }
            use = .id
        case "access":
            guard claims["aud"] == nil, let client = claims["client_id"]?.string, issuer.clientIDs.contains(client) else {
                throw ServiceError.unauthenticated("the token is meant for another client")
            }
            use = .access
        default:
            throw ServiceError.unauthenticated("the token is neither an ID nor an access token")
        }
        return VerifiedToken(principal: try principal(from: claims), tokenUse: use, issuer: issuer.issuer)
    }

    private func checkTimes(_ claims: Claims, now: Timestamp) throws(ServiceError) {
        let seconds = Double(now.microseconds) / 1_000_000
        let leeway = Double(settings.clockLeewaySeconds)
        guard let expiry = claims["exp"]?.number else {
            throw ServiceError.unauthenticated("the token has no expiry")
        }
        guard seconds < expiry + leeway else { throw ServiceError.unauthenticated("the token has expired") }
        if let notBefore = claims["nbf"] {
            guard let value = notBefore.number, value <= seconds + leeway else {
                throw ServiceError.unauthenticated("the token is not valid yet")
            }
        }
        if let issuedAt = claims["iat"] {
            guard let value = issuedAt.number, value <= seconds + leeway else {
                throw ServiceError.unauthenticated("the token was issued in the future")
            }
        }
    }

    private func principal(from claims: Claims) throws(ServiceError) -> Principal {
        let tenant: TenantID?
        switch claims[settings.tenantClaim] {
        case nil, .null?: tenant = TenantID(settings.defaultTenant)
        case .string(let name)?: tenant = TenantID(name)
        default: tenant = nil
        }
        guard let tenant else { throw ServiceError.unauthenticated("the token's tenant is not a valid tenant id") }
        let subject = claims["cognito:username"]?.string ?? claims["username"]?.string ?? claims["sub"]?.string
        guard let subject else { throw ServiceError.unauthenticated("the token names no user") }
        let groups = claims["cognito:groups"]?.strings ?? []
        return Principal(subject: subject, tenant: tenant, roles: Set(groups.compactMap(Role.init(rawValue:))))
    }
}
