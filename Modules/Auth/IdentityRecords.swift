public import Model

/// The pool row: its ids and the issuer of its tokens.
struct PoolRecord: Sendable, Equatable {
    let userPoolID: String
    let clientID: String
    let issuer: String
}

/// A user of the local pool.
public struct UserRecord: Sendable, Equatable {
    public let username: String
    public let tenant: String
    public let groups: [String]
    let passwordHash: String
    /// `FORCE_CHANGE_PASSWORD` until the first login sets a password, then `CONFIRMED`.
    public let status: UserStatus
    public let enabled: Bool
    /// When a temporary password stops working (only while `FORCE_CHANGE_PASSWORD`).
    public let temporaryPasswordExpiresAt: Timestamp?
    public let createdAt: Timestamp
}

/// Cognito's user statuses that the local pool uses.
public enum UserStatus: String, Sendable, Codable {
    case forceChangePassword = "FORCE_CHANGE_PASSWORD"
    case confirmed = "CONFIRMED"
}

/// A refresh token, known only by its hash.
struct RefreshTokenRecord: Sendable, Equatable {
    let username: String
    let clientID: String
    let expiresAt: Timestamp
}

/// A signing key as stored: its private key (PKCS#8 PEM) sealed by the `SigningKeySeal`, never in clear.
struct SigningKeyRecord: Sendable, Equatable {
    let kid: String
    let sealedPrivateKey: [UInt8]
    let createdAt: Timestamp
    /// When it stopped signing; it still verifies until every token it signed has expired.
    let retiredAt: Timestamp?
}

/// A machine client: writes one tenant's logs with access tokens from the client credentials grant.
public struct MachineClientRecord: Sendable, Equatable {
    public let clientID: String
    let secretHash: String
    public let tenant: String
    public let createdAt: Timestamp
}
