import CryptoPrimitives
public import Model

/// Verifies Cognito-shaped RS256 tokens of the local identity and turns them into principals.
public struct TokenVerifier: Sendable {
    let identity: LocalIdentity
    let settings: AuthSettings

    public init(identity: LocalIdentity, settings: AuthSettings) {
        self.identity = identity
        self.settings = settings
    }

    /// The principal `token` proves, or `unauthenticated` with the reason.
    public func verify(_ token: String, now: Timestamp = .now()) throws(ServiceError) -> Principal {
        guard !token.isEmpty else { throw ServiceError.unauthenticated("missing token") }
        guard token.utf8.count <= settings.maxTokenBytes else {
            throw ServiceError.unauthenticated("the token is larger than \(settings.maxTokenBytes) bytes")
        }
        let jwt = try JWT(parsing: token)
        guard jwt.header["alg"]?.string == "RS256" else {
            throw ServiceError.unauthenticated("the token's algorithm is not allowed (only RS256)")
        }
        guard jwt.header["crit"] == nil else {
            throw ServiceError.unauthenticated("the token has critical header extensions")
        }
        guard let kid = jwt.header["kid"]?.string, let key = identity.signingKeys.key(kid: kid) else {
            throw ServiceError.unauthenticated("the token's signing key is unknown")
        }
        guard key.publicKey.verifySHA256(signature: jwt.signature, data: jwt.signingInput) else {
            throw ServiceError.unauthenticated("the token's signature is invalid")
        }
        let claims = jwt.claims
        try checkTimes(claims, now: now)
        guard claims["iss"]?.string == identity.issuer else {
            throw ServiceError.unauthenticated("the token was issued by another issuer")
        }
        switch claims["token_use"]?.string {
        case "id":
            guard claims["aud"]?.strings?.contains(identity.clientID) == true else {
                throw ServiceError.unauthenticated("the token is meant for another client")
            }
        case "access":
            guard claims["aud"] == nil, claims["client_id"]?.string == identity.clientID else {
                throw ServiceError.unauthenticated("the token is meant for another client")
            }
        default:
            throw ServiceError.unauthenticated("the token is neither an ID nor an access token")
        }
        return try principal(from: claims)
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
