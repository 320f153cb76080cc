import CryptoPrimitives
import Foundation
public import Logging
public import Model

/// The single binary's identity provider: a local user pool and the keys that sign its tokens,
/// kept in the data dir. It issues Cognito-shaped tokens and is the one issuer the verifier trusts.
public struct LocalIdentity: Sendable {
    public let userPoolID: String
    public let clientID: String
    public let issuer: String
    let signingKeys: SigningKeySet
    private let users: [String: UserPoolFile.User]
    private let settings: AuthSettings

    public static let poolFile = "user-pool.json"
    public static let signingKeysFile = "signing-keys.json"
    public static let initialCredentialsFile = "initial-credentials.json"
    public static let adminUsername = "admin"

    /// Opens the pool in `dataDir`. With `createIfMissing`, the first start creates the pool, its
    /// signing key and an `admin` user with a random temporary password, written to
    /// `initial-credentials.json`; `defaultIssuerBase` (e.g. `http://127.0.0.1:8080`) then forms the issuer.
    public static func open(dataDir: String, settings: AuthSettings, createIfMissing: Bool,
                            defaultIssuerBase: String, logger: Logger) throws(ServiceError) -> LocalIdentity {
        let poolPath = dataDir + "/" + poolFile
        let existing = try SecretFile.read(poolPath)
        guard existing != nil || createIfMissing else {
            throw ServiceError.unavailable("no user pool in \(dataDir): start `logsvc serve --data-dir \(dataDir)` once first")
        }
        let keys = try SigningKeySet.open(path: dataDir + "/" + signingKeysFile, create: createIfMissing)
        let pool: UserPoolFile
        if let data = existing {
            do { pool = try JSONCoding.decoder().decode(UserPoolFile.self, from: data) } catch {
                throw ServiceError.unavailable("the user pool at \(poolPath) is unreadable: \(error)")
            }
        } else {
            pool = try createPool(dataDir: dataDir, settings: settings, issuerBase: defaultIssuerBase, logger: logger)
        }
        return LocalIdentity(
            userPoolID: pool.userPoolID, clientID: pool.clientID,
            issuer: settings.issuer.isEmpty ? pool.issuer : settings.issuer,
            signingKeys: keys,
            users: Dictionary(pool.users.map { ($0.username, $0) }, uniquingKeysWith: { first, _ in first }),
            settings: settings)
    }

    /// The public signing keys.
    public var jwks: JSONWebKeySet { signingKeys.jwks }

    /// A signed Cognito-shaped ID token for `username`.
    public func idToken(for username: String, now: Timestamp = .now()) throws(ServiceError) -> String {
        guard let user = users[username] else { throw ServiceError(.notFound, "no user named \(username)") }
        guard let key = signingKeys.current else { throw ServiceError.unavailable("no signing key") }
        let issuedAt = Double(now.microseconds / 1_000_000)
        let claims: Claims = [
            "sub": .string(LocalIdentity.subject(of: username, pool: userPoolID)),
            "iss": .string(issuer),
            "aud": .string(clientID),
            "token_use": .string("id"),
            "auth_time": .number(issuedAt),
            "iat": .number(issuedAt),
            "exp": .number(issuedAt + Double(settings.tokenLifetimeSeconds)),
            "cognito:username": .string(user.username),
            "custom:tenant": .string(user.tenant),
            "cognito:groups": .array(user.groups.map { .string($0) }),
            "jti": .string(UUID().uuidString.lowercased()),
        ]
        return try JWT.sign(claims, kid: key.kid, key: key.privateKey)
    }

    /// A stable subject id per user and pool, shaped like Cognito's UUID `sub`.
    static func subject(of username: String, pool: String) -> String {
        let digest = SHA256.hash(Array("\(pool)/\(username)".utf8))
        let hex = digest.prefix(16).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let chars = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }

    private static func createPool(dataDir: String, settings: AuthSettings, issuerBase: String,
                                   logger: Logger) throws(ServiceError) -> UserPoolFile {
        let poolID = "local_" + (try randomString(9, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
        let clientID = try randomString(26, alphabet: "abcdefghijklmnopqrstuvwxyz0123456789")
        let password = try temporaryPassword()
        let tenant = settings.defaultTenant
        let pool = UserPoolFile(
            userPoolID: poolID, clientID: clientID,
            issuer: settings.issuer.isEmpty ? "\(issuerBase)/\(poolID)" : settings.issuer,
            users: [.init(username: adminUsername, tenant: tenant, groups: ["admin"],
                          passwordHash: try PasswordHash(hashing: password).encoded,
                          status: "FORCE_CHANGE_PASSWORD", createdAt: Timestamp.now().rfc3339)])
        let credentials = InitialCredentials(userPoolID: poolID, clientID: clientID, username: adminUsername,
                                             temporaryPassword: password)
        do {
            try SecretFile.write(try JSONCoding.encoder().encode(pool), to: dataDir + "/" + poolFile)
            let encoder = JSONCoding.encoder()
            encoder.outputFormatting.insert(.prettyPrinted)
            try SecretFile.write(try encoder.encode(credentials), to: dataDir + "/" + initialCredentialsFile)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.internalError("cannot encode the user pool")
        }
        logger.notice("created the local user pool; the admin's temporary password is in \(initialCredentialsFile)",
                      metadata: ["user_pool_id": "\(poolID)", "client_id": "\(clientID)"])
        return pool
    }

    /// 16 random characters with at least one upper, lower, digit and symbol (Cognito's default policy).
    static func temporaryPassword() throws(ServiceError) -> String {
        let classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#%+-.:=?@^_"]
        var password = ""
        for set in classes { password += try randomString(1, alphabet: set) }
        password += try randomString(12, alphabet: classes.joined())
        return password
    }

    private static func randomString(_ count: Int, alphabet: String) throws(ServiceError) -> String {
        let characters = Array(alphabet)
        let bytes: [UInt8]
        do { bytes = try SecureRandom.bytes(count * 2) } catch { throw ServiceError.internalError("no randomness") }
        return String((0..<count).map { index in
            let value = Int(bytes[2 * index]) << 8 | Int(bytes[2 * index + 1])
            return characters[value % characters.count]
        })
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
