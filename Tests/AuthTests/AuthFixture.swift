@testable import Auth
import Foundation
import Model
import TestSupport
import Testing

let logger = quietLogger("auth-tests")

/// One local pool shared by the suites: creating RSA keys and PBKDF2 hashes is slow.
let sharedPool = Task { () throws -> (pool: UserPool, directory: String) in
    let directory = try Scratch.directory()
    let pool = try await UserPool.open(dataDir: directory, settings: AuthSettings(),
                                       signingKeySeal: try localSigningKeySeal(dataDir: directory), createIfMissing: true,
                                       defaultIssuerBase: "http://127.0.0.1:8080", logger: logger)
    return (pool, directory)
}

/// A fresh pool in its own data dir, hashing passwords at `testPasswordHashIterations`.
func freshPool(_ settings: AuthSettings = AuthSettings()) async throws -> (pool: UserPool, directory: String) {
    var settings = settings
    settings.passwordHashIterations = testPasswordHashIterations
    let directory = try Scratch.directory()
    let pool = try await UserPool.open(dataDir: directory, settings: settings,
                                       signingKeySeal: try localSigningKeySeal(dataDir: directory), createIfMissing: true,
                                       defaultIssuerBase: "http://127.0.0.1:8080", logger: logger)
    return (pool, directory)
}

/// Signs `claims` with the pool's current key, as the pool itself would.
func signed(_ claims: Claims, by pool: UserPool) async throws -> String {
    let key = try await pool.signingKeys.current()
    return try JWT.sign(claims, kid: key.kid, key: key.privateKey)
}

/// Valid ID-token claims of the pool's admin at `now`, to be varied by each case.
func idClaims(_ pool: UserPool, now: Timestamp) -> Claims {
    let seconds = Double(now.microseconds / 1_000_000)
    return [
        "sub": .string("s"), "iss": .string(pool.issuer), "aud": .string(pool.clientID),
        "token_use": .string("id"), "iat": .number(seconds), "exp": .number(seconds + 3600),
        "cognito:username": .string("admin"), "custom:tenant": .string("default"),
        "cognito:groups": .array([.string("admin")]),
    ]
}

/// `identity.sqlite` of `directory` (with its journals) copied alone into a fresh data dir: what a thief of that
/// one file holds.
func copyIdentityDatabase(from directory: String) throws -> String {
    let copy = try Scratch.directory("logsvc-identity-copy")
    for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasPrefix("identity.sqlite") {
        try FileManager.default.copyItem(atPath: directory + "/" + file, toPath: copy + "/" + file)
    }
    return copy
}

/// Every byte of `identity.sqlite` and its journals in `directory`.
func identityDatabaseBytes(in directory: String) throws -> Data {
    var bytes = Data()
    for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasPrefix("identity.sqlite") {
        bytes += try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
    }
    return bytes
}
