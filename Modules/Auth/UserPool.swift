import CryptoPrimitives
import Foundation
public import Logging
public import Model

/// The single binary's Cognito-compatible user pool: users, their passwords, the tokens it issues
/// and the keys that sign them, kept in `identity.sqlite` in the data dir.
public final class UserPool: Sendable {
    public let userPoolID: String
    public let clientID: String
    public let issuer: String
    let store: IdentityStore
    let signingKeys: SigningKeyring
    let revocations: TokenRevocations
    /// The pool's API keys, kept in `identity.sqlite`.
    public let apiKeyring: APIKeyring
    let signingKeySeal: any SigningKeySeal
    let settings: AuthSettings
    private let logger: Logger

    public static let initialCredentialsFile = "initial-credentials.json"
    public static let adminUsername = "admin"

    private init(pool: PoolRecord, store: IdentityStore, signingKeySeal: any SigningKeySeal, settings: AuthSettings, logger: Logger) {
        self.userPoolID = pool.userPoolID
        self.clientID = pool.clientID
        self.issuer = settings.issuer.isEmpty ? pool.issuer : settings.issuer
        self.store = store
        self.signingKeys = SigningKeyring(store: store, seal: signingKeySeal)
        self.revocations = TokenRevocations(store: store)
        self.apiKeyring = APIKeyring(store: store, seal: signingKeySeal)
        self.signingKeySeal = signingKeySeal
        self.settings = settings
        self.logger = logger
    }

    /// Opens the pool in `dataDir`. With `createIfMissing`, the first start creates it with a signing
    /// key and an `admin` user whose random temporary password goes to `initial-credentials.json`
    /// (mode 0600); `defaultIssuerBase` (e.g. `http://127.0.0.1:8080`) then forms the issuer. Signing keys are kept
    /// sealed by `signingKeySeal`; keys an earlier version stored in clear are sealed here, once.
    public static func open(dataDir: String, settings: AuthSettings, signingKeySeal: any SigningKeySeal, createIfMissing: Bool,
                            defaultIssuerBase: String, logger: Logger) async throws(ServiceError) -> UserPool {
        guard createIfMissing || exists(in: dataDir) else {
            throw ServiceError.unavailable("no user pool in \(dataDir): start `logsvc serve --data-dir \(dataDir)` once first")
        }
        let store = try IdentityStore(dataDir: dataDir)
        if let pool = try await store.pool() {
            let sealed = try await store.sealClearSigningKeys(with: signingKeySeal)
            if sealed > 0 {
                logger.notice("sealed the signing keys an earlier version stored in clear", metadata: ["keys": "\(sealed)"])
            }
            let userPool = UserPool(pool: pool, store: store, signingKeySeal: signingKeySeal, settings: settings, logger: logger)
            await userPool.revocations.refreshIfStale()
            return userPool
        }
        guard createIfMissing else { throw ServiceError.unavailable("the user pool in \(dataDir) was never initialised") }
        let pool = try await create(in: dataDir, store: store, settings: settings, signingKeySeal: signingKeySeal,
                                    issuerBase: defaultIssuerBase, logger: logger)
        return UserPool(pool: pool, store: store, signingKeySeal: signingKeySeal, settings: settings, logger: logger)
    }

    /// Whether `dataDir` holds a pool (`logsvc serve` creates it at first start).
    public static func exists(in dataDir: String) -> Bool {
        FileManager.default.fileExists(atPath: dataDir + "/" + IdentityStore.fileName)
    }

    /// The public keys that verify this pool's tokens.
    public func jwks() async throws(ServiceError) -> JSONWebKeySet { try await signingKeys.jwks() }

    /// A signed ID token for `username`, for admin scripting (no password needed, only the data dir).
    public func idToken(for username: String) async throws(ServiceError) -> String {
        guard let user = try await store.user(username) else { throw ServiceError(.notFound, "no user named \(username)") }
        guard user.enabled else { throw ServiceError(.forbidden, "the user \(username) is disabled") }
        return try await idToken(for: user, now: try await issueTime(for: subject(of: user)))
    }

    // MARK: Token issuance

    /// The tokens of a successful login; a refresh token only when `withRefreshToken`.
    func tokens(for user: UserRecord, withRefreshToken: Bool) async throws(ServiceError) -> AuthenticationResult {
        let now = try await issueTime(for: subject(of: user))
        var refreshToken: String?
        if withRefreshToken {
            let token: String
            do { token = "lsr1." + Base64URL.encode(try SecureRandom.bytes(32)) } catch {
                throw ServiceError.internalError("no randomness")
            }
            let expires = Timestamp(microseconds: now.microseconds + Int64(settings.refreshTokenValidityDays) * 86_400_000_000)
            try await store.storeRefreshToken(hash: UserPool.storedHash(token),
                                              RefreshTokenRecord(username: user.username, clientID: clientID, expiresAt: expires),
                                              now: now)
            refreshToken = token
        }
        return AuthenticationResult(
            accessToken: try await accessToken(for: user, now: now), expiresIn: settings.tokenLifetimeSeconds,
            idToken: try await idToken(for: user, now: now), refreshToken: refreshToken)
    }

    func idToken(for user: UserRecord, now: Timestamp) async throws(ServiceError) -> String {
        var claims = baseClaims(for: user, now: now)
        claims["aud"] = .string(clientID)
        claims["token_use"] = .string("id")
        claims["cognito:username"] = .string(user.username)
        return try await sign(claims)
    }

    func accessToken(for user: UserRecord, now: Timestamp) async throws(ServiceError) -> String {
        var claims = baseClaims(for: user, now: now)
        claims["client_id"] = .string(clientID)
        claims["token_use"] = .string("access")
        claims["scope"] = .string("aws.cognito.signin.user.admin")
        claims["username"] = .string(user.username)
        return try await sign(claims)
    }

    private func baseClaims(for user: UserRecord, now: Timestamp) -> Claims {
        let issuedAt = Double(now.microseconds / 1_000_000)
        var claims: Claims = [
            "sub": .string(subject(of: user)),
            "iss": .string(issuer),
            "auth_time": .number(issuedAt),
            "iat": .number(issuedAt),
            "exp": .number(issuedAt + Double(settings.tokenLifetimeSeconds)),
            "cognito:groups": .array(user.groups.map { .string($0) }),
            "jti": .string(UUID().uuidString.lowercased()),
        ]
        claims[settings.tenantClaim] = .string(user.tenant)
        return claims
    }

    private func sign(_ claims: Claims) async throws(ServiceError) -> String {
        let key = try await signingKeys.current()
        return try JWT.sign(claims, kid: key.kid, key: key.privateKey)
    }

    /// Hex SHA-256 of a high-entropy secret (refresh tokens, client secrets): how they are stored.
    static func storedHash(_ secret: String) -> String {
        Hex.encode(SHA256.hash(Array(secret.utf8)))
    }

    /// The `sub` of `user`'s tokens.
    func subject(of user: UserRecord) -> String { UserPool.subject(of: user.username, pool: userPoolID) }

    /// When to issue a token to `subject` (a user's `sub` or a client id): now, or, when its tokens were revoked within
    /// this very second, the start of the next one, after waiting for it (`iat` counts whole seconds, and a token
    /// issued in a revocation's second is refused; see `Revocation`). Reads the store, not this process's copy, so
    /// that a revocation made a moment ago by another process counts.
    func issueTime(for subject: String) async throws(ServiceError) -> Timestamp {
        guard let validAfter = try await store.validAfter(subject) else { return .now() }
        while true {
            let now = Timestamp.now()
            let wait = validAfter * 1_000_000 - now.microseconds
            guard wait > 0 else { return now }
            guard wait <= 2_000_000 else {
                throw ServiceError.unavailable("this principal's tokens were revoked at a later time than this clock shows; try again")
            }
            try? await Task.sleep(for: .microseconds(wait))
        }
    }

    /// A stable subject id per user and pool, shaped like Cognito's UUID `sub`.
    static func subject(of username: String, pool: String) -> String {
        Hex.uuid(Array(SHA256.hash(Array("\(pool)/\(username)".utf8)).prefix(16)))
    }

    // MARK: Creation

    private static func create(in dataDir: String, store: IdentityStore, settings: AuthSettings, signingKeySeal: any SigningKeySeal,
                               issuerBase: String, logger: Logger) async throws(ServiceError) -> PoolRecord {
        let poolID = "local_" + RandomText.make(9, from: RandomText.alphanumeric)
        let pool = PoolRecord(userPoolID: poolID, clientID: RandomText.make(26, from: RandomText.lowercaseAlphanumeric),
                              issuer: settings.issuer.isEmpty ? "\(issuerBase)/\(poolID)" : settings.issuer)
        let password = RandomText.temporaryPassword()
        let now = Timestamp.now()
        let admin = UserRecord(
            username: adminUsername, tenant: settings.defaultTenant, groups: ["admin"],
            passwordHash: try await PasswordHash.make(password, iterations: settings.passwordHashIterations), status: .forceChangePassword, enabled: true,
            temporaryPasswordExpiresAt: now.adding(days: settings.temporaryPasswordValidityDays), createdAt: now)
        let key = try await SigningKeyring.generate(now: now, sealedBy: signingKeySeal)
        guard try await store.createPool(pool, firstUser: admin, signingKey: key) else {
            guard let existing = try await store.pool() else { throw ServiceError.unavailable("the user pool vanished") }
            return existing
        }
        let credentials = InitialCredentials(userPoolID: pool.userPoolID, clientID: pool.clientID,
                                             username: adminUsername, temporaryPassword: password)
        do {
            let encoder = JSONCoding.encoder()
            encoder.outputFormatting.insert(.prettyPrinted)
            try SecretFile.write(try encoder.encode(credentials), to: dataDir + "/" + initialCredentialsFile)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.internalError("cannot encode the initial credentials")
        }
        logger.notice("created the local user pool; the admin's temporary password is in \(initialCredentialsFile)",
                      metadata: ["user_pool_id": "\(pool.userPoolID)", "client_id": "\(pool.clientID)"])
        return pool
    }
}

/// What the first start writes to `initial-credentials.json` for the operator (mode 0600).
public struct InitialCredentials: Codable, Sendable, Equatable {
    public let userPoolID: String
    public let clientID: String
    public let username: String
    public let temporaryPassword: String

    enum CodingKeys: String, CodingKey {
        case userPoolID = "user_pool_id"
        case clientID = "client_id"
        case username
        case temporaryPassword = "temporary_password"
    }
}

/// The tokens of a successful login, as Cognito's `AuthenticationResult` carries them.
struct AuthenticationResult: Sendable, Encodable {
    let accessToken: String
    let expiresIn: Int
    let idToken: String
    let refreshToken: String?
    let tokenType = "Bearer"

    enum CodingKeys: String, CodingKey {
        case accessToken = "AccessToken"
        case expiresIn = "ExpiresIn"
        case idToken = "IdToken"
        case refreshToken = "RefreshToken"
        case tokenType = "TokenType"
    }
}

extension Timestamp {
    func adding(days: Int) -> Timestamp {
        Timestamp(microseconds: microseconds + Int64(days) * 86_400_000_000)
    }
}
