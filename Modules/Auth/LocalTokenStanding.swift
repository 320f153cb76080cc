import Model

/// What the local pool checks of a token of its own beyond the signature and the usual claims, from its claims:
/// once at verification (`UserPool.admit`), then again at every use, cached or not (`UserPool.checkStanding`).
struct LocalTokenStanding: Sendable {
    /// The token's `sub`: a user's subject or a machine client's id, the key of its revocations.
    let subject: String
    /// The token's `iat`, seconds since the epoch.
    let issuedAt: Double
    /// The signing key that signed it.
    let kid: String
}

extension UserPool {
    /// Admits a verified token of this pool: it must name its `sub` and `iat` and live (`exp - iat`) no longer than
    /// the pool issues its kind for: `auth.client_token_lifetime_seconds` for machine clients' access tokens,
    /// `auth.token_lifetime_seconds` for the rest. A longer one was not issued here, whoever signed it.
    func admit(_ claims: Claims, kid: String, use: TokenUse, clientID: String) throws(ServiceError) -> LocalTokenStanding {
        guard let subject = claims["sub"]?.string, !subject.isEmpty, let issuedAt = claims["iat"]?.number,
              let expiresAt = claims["exp"]?.number else {
            throw TokenRejection.lifetime.error("the token does not say whom and when it was issued to (sub, iat)")
        }
        let lifetime = use == .access && clientID != self.clientID ? settings.clientTokenLifetimeSeconds : settings.tokenLifetimeSeconds
        guard expiresAt - issuedAt <= Double(lifetime) else {
            throw TokenRejection.lifetime.error("the token's lifetime (exp - iat) is longer than this pool issues (\(lifetime) seconds)")
        }
        return LocalTokenStanding(subject: subject, issuedAt: issuedAt, kid: kid)
    }

    /// Checks, at every use of a token of this pool, that its signing key still verifies it (not revoked, and not
    /// retired before the token was issued) and that its principal's tokens were not revoked after it was issued.
    /// Both are in-memory lookups in copies re-read from the store at most once a second.
    func checkStanding(_ token: LocalTokenStanding) async throws(ServiceError) {
        guard let key = await signingKeys.key(kid: token.kid) else {
            throw TokenRejection.unknownKey.error("the token's signing key is unknown")
        }
        guard key.verifies(issuedAt: token.issuedAt) else {
            throw TokenRejection.retiredKey.error("the token was issued after its signing key was retired")
        }
        if let validAfter = await revocations.validAfter(token.subject), token.issuedAt < Double(validAfter) {
            throw TokenRejection.revoked.error(
                "the token was revoked: its user was disabled, deleted, signed out or given a new password, or its client deleted, after it was issued")
        }
    }
}
