public import Logging
public import Model

/// A token whose signature and claims checked out.
public struct VerifiedToken: Sendable {
    public let principal: Principal
    public let tokenUse: TokenUse
    public let issuer: String
    /// The client the token was issued to.
    public let clientID: String
    /// The token's `exp`, in seconds since the epoch.
    public let expiresAt: Double
    /// For a token of the local pool, what is checked again at every use (revocation, key retirement); nil for
    /// external issuers, whose revocations this service does not see.
    let local: LocalTokenStanding?
}

/// Verifies Cognito-shaped tokens (RFC 7519 JWTs, JWS compact form) and turns them into principals,
/// following AWS's guidance for Cognito tokens and RFC 8725.
public struct TokenVerifier: Sendable {
    private let issuers: [String: TrustedIssuer]
    private let localIssuer: String?
    private let localPool: UserPool?
    private let apiKeys: APIKeyring?
    private let cache = VerifiedTokenCache()
    let settings: AuthSettings

    /// The signature algorithms accepted; anything else (`none`, HS*, RS512...) is rejected.
    static let allowedAlgorithms: Set<String> = ["RS256", "ES256"]

    /// A verifier trusting the local pool's tokens (when given) and those of `settings.issuers`, and the keys of
    /// `apiKeys` (those of the pool when nil).
    public init(pool: UserPool?, apiKeys: APIKeyring? = nil, settings: AuthSettings, logger: Logger = Logger(label: "logsvc.auth")) {
        var issuers: [String: TrustedIssuer] = [:]
        for external in settings.issuers {
            let keys = RemoteKeySet(url: external.jwksURL, logger: logger)
            issuers[external.issuer] = TrustedIssuer(issuer: external.issuer, clientIDs: Set(external.clientIDs)) { kid in
                await keys.key(kid: kid)
            }
        }
        if let pool {
            issuers[pool.issuer] = TrustedIssuer(issuer: pool.issuer, acceptsClient: { client in
                client == pool.clientID ? true : await pool.isMachineClient(client)
            }, key: { kid in
                await pool.signingKeys.key(kid: kid).map { VerificationKey.rs256($0.publicKey) }
            })
        }
        self.init(issuers: Array(issuers.values), localIssuer: pool?.issuer, localPool: pool, apiKeys: apiKeys ?? pool?.apiKeyring,
                  settings: settings)
    }

    init(issuers: [TrustedIssuer], localIssuer: String?, localPool: UserPool? = nil, apiKeys: APIKeyring? = nil, settings: AuthSettings) {
        self.issuers = Dictionary(issuers.map { ($0.issuer, $0) }, uniquingKeysWith: { _, last in last })
        self.localIssuer = localIssuer
        self.localPool = localPool
        self.apiKeys = apiKeys
        self.settings = settings
    }

    /// The principal `token` proves, or `unauthenticated` with the reason; only tokens whose
    /// `token_use` is in `accepting` pass. A token verified before comes from the cache (no signature check), but a
    /// token of the local pool is checked for revocation and its key's retirement at every call. A credential that
    /// starts with `lsk_` is an API key (`APIKeyring.verify`), accepted wherever tokens are.
    public func verify(_ token: String, accepting: Set<TokenUse> = [.id, .access],
                       now: Timestamp = .now()) async throws(ServiceError) -> Principal {
        if APIKeyText.isAPIKey(token) {
            guard let apiKeys else { throw TokenRejection.apiKeyUnknown.error("this service keeps no API keys") }
            return try await apiKeys.verify(token, now: now)
        }
        let seconds = Double(now.microseconds) / 1_000_000
        let verified: VerifiedToken
        if let cached = cache.lookup(token, nowSeconds: seconds) {
            verified = cached
        } else {
            verified = try await self.verified(token, now: now)
            cache.store(token, verified, expiresAt: verified.expiresAt + Double(settings.clockLeewaySeconds), nowSeconds: seconds)
        }
        try await checkStanding(verified)
        guard accepting.contains(verified.tokenUse) else {
            throw TokenRejection.tokenUse.error("this route does not accept \(verified.tokenUse.rawValue) tokens")
        }
        return verified.principal
    }

    /// Verifies a token of the local pool only (for the pool's own API, e.g. GlobalSignOut).
    func verifyLocal(_ token: String, now: Timestamp = .now()) async throws(ServiceError) -> VerifiedToken {
        let verified = try await verified(token, now: now)
        guard verified.issuer == localIssuer else { throw TokenRejection.untrustedIssuer.error("the token is not from this pool") }
        try await checkStanding(verified)
        return verified
    }

    /// For a token of the local pool: its principal not revoked since it was issued, its key still verifying it.
    private func checkStanding(_ verified: VerifiedToken) async throws(ServiceError) {
        guard let standing = verified.local, let localPool else { return }
        try await localPool.checkStanding(standing)
    }

    func verified(_ token: String, now: Timestamp) async throws(ServiceError) -> VerifiedToken {
        guard !token.isEmpty else { throw TokenRejection.missing.error("missing token") }
        guard token.utf8.count <= settings.maxTokenBytes else {
            throw TokenRejection.oversized.error("the token is larger than \(settings.maxTokenBytes) bytes")
        }
        let jwt = try JWT(parsing: token)
        guard let issuer = jwt.claims["iss"]?.string.flatMap({ issuers[$0] }) else {
            throw TokenRejection.untrustedIssuer.error("the token was issued by an issuer this service does not trust")
        }
        guard let algorithm = jwt.header["alg"]?.string, TokenVerifier.allowedAlgorithms.contains(algorithm) else {
            throw TokenRejection.algorithm.error("the token's algorithm is not allowed (only RS256 and ES256)")
        }
        guard jwt.header["crit"] == nil else {
            throw TokenRejection.malformed.error("the token has critical header extensions")
        }
        guard let kid = jwt.header["kid"]?.string, let key = await issuer.key(kid) else {
            throw TokenRejection.unknownKey.error("the token's signing key is unknown")
        }
        guard key.algorithm == algorithm, key.verify(signature: jwt.signature, data: jwt.signingInput) else {
            throw TokenRejection.badSignature.error("the token's signature is invalid")
        }
        let claims = jwt.claims
        let expiresAt = try checkTimes(claims, now: now)
        let use: TokenUse
        let clientID: String
        switch claims["token_use"]?.string {
        case "id":
            guard let audience = claims["aud"]?.strings, let accepted = await audience.asyncFirst(where: issuer.acceptsClient) else {
                throw TokenRejection.audience.error("the token is meant for another client")
            }
            use = .id
            clientID = accepted
        case "access":
            guard claims["aud"] == nil, let client = claims["client_id"]?.string, await issuer.acceptsClient(client) else {
                throw TokenRejection.audience.error("the token is meant for another client")
            }
            use = .access
            clientID = client
        default:
            throw TokenRejection.tokenUse.error("the token is neither an ID nor an access token")
        }
        var local: LocalTokenStanding?
        if issuer.issuer == localIssuer, let localPool {
            local = try localPool.admit(claims, kid: kid, use: use, clientID: clientID)
        }
        return VerifiedToken(principal: try settings.principalRule.principal(claims: claims, use: use), tokenUse: use, issuer: issuer.issuer,
                             clientID: clientID, expiresAt: expiresAt, local: local)
    }

    /// Checks `exp`, `nbf` and `iat`; returns `exp`.
    private func checkTimes(_ claims: Claims, now: Timestamp) throws(ServiceError) -> Double {
        let seconds = Double(now.microseconds) / 1_000_000
        let leeway = Double(settings.clockLeewaySeconds)
        guard let expiry = claims["exp"]?.number else {
            throw TokenRejection.claims.error("the token has no expiry")
        }
        guard seconds < expiry + leeway else { throw TokenRejection.expired.error("the token has expired") }
        if let notBefore = claims["nbf"] {
            guard let value = notBefore.number, value <= seconds + leeway else {
                throw TokenRejection.notYetValid.error("the token is not valid yet")
            }
        }
        if let issuedAt = claims["iat"] {
            guard let value = issuedAt.number, value <= seconds + leeway else {
                throw TokenRejection.notYetValid.error("the token was issued in the future")
            }
        }
        return expiry
    }
}

extension Array where Element == String {
    func asyncFirst(where predicate: (String) async -> Bool) async -> String? {
        for element in self where await predicate(element) { return element }
        return nil
    }
}
