import Model

/// The revocation of one principal's ID and access tokens (disabled, deleted, signed out, new password, client
/// deleted): a row of `token_revocations`.
///
/// Token `iat`s are whole seconds, so `validAfter` is the second after the revocation: every token issued up to
/// and including the revocation's second is refused, and the pool issues nothing to the principal before
/// `validAfter` (it waits for that second instead).
struct Revocation: Sendable, Equatable {
    /// The `sub` of the principal's tokens: `UserPool.subject(of:pool:)` for a user, the client id for a machine client.
    let subject: String
    /// Seconds since the epoch: tokens whose `iat` is before it are refused.
    let validAfter: Int64
    /// Seconds since the epoch after which no token it refuses can be valid any more (the longer token lifetime plus
    /// the clock leeway after `validAfter`), so its row can go.
    let keepUntil: Int64

    /// A revocation of `subject` at `now`, kept as long as a token of `settings`' lifetimes could outlive it.
    init(subject: String, at now: Timestamp, settings: AuthSettings) {
        let second = now.microseconds / 1_000_000
        self.init(subject: subject, validAfter: second + 1,
                  keepUntil: second + 1 + Int64(settings.longestTokenLifetimeSeconds + settings.clockLeewaySeconds))
    }

    init(subject: String, validAfter: Int64, keepUntil: Int64) {
        self.subject = subject
        self.validAfter = validAfter
        self.keepUntil = keepUntil
    }
}

extension AuthSettings {
    /// The longest lifetime of a token the local pool issues, in seconds: users' or machine clients'.
    var longestTokenLifetimeSeconds: Int { max(tokenLifetimeSeconds, clientTokenLifetimeSeconds) }
}
