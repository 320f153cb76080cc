import Foundation
import GRDB
import Model
import Storage

/// The local pool's state in `identity.sqlite` (WAL), shared by the server and the admin CLI:
/// the pool, its users, refresh-token hashes, signing keys, token revocations and API keys (`IdentityStore+APIKeys`).
struct IdentityStore: Sendable {
    private let database: DatabasePool

    static let fileName = "identity.sqlite"

    init(dataDir: String) throws(ServiceError) {
        let path = dataDir + "/" + IdentityStore.fileName
        // An issued credential must survive power loss: fsync every commit.
        database = try SQLiteDatabase.open(path: path, label: "identity", fsyncEveryCommit: true,
                                           migrator: IdentityStore.migrator)
    }

    func pool() async throws(ServiceError) -> PoolRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT user_pool_id, client_id, issuer FROM pool").map {
                PoolRecord(userPoolID: $0["user_pool_id"], clientID: $0["client_id"], issuer: $0["issuer"])
            }
        }
    }

    /// Creates the pool with its first user and signing key, unless another process already did.
    func createPool(_ pool: PoolRecord, firstUser: UserRecord, signingKey: SigningKeyRecord) async throws(ServiceError) -> Bool {
        try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM pool") == nil else { return false }
            try db.execute(sql: "INSERT INTO pool (user_pool_id, client_id, issuer) VALUES (?, ?, ?)",
                           arguments: [pool.userPoolID, pool.clientID, pool.issuer])
            try IdentityStore.insert(firstUser, db)
            try IdentityStore.insert(signingKey, db)
            return true
        }
    }

    // MARK: Users

    func user(_ username: String) async throws(ServiceError) -> UserRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map(IdentityStore.user)
        }
    }

    func users() async throws(ServiceError) -> [UserRecord] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY username").map(IdentityStore.user) }
    }

    /// Adds a user; `invalidRequest` if the name is taken.
    func insert(_ user: UserRecord) async throws(ServiceError) {
        let inserted = try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [user.username]) == nil else {
                return false
            }
            try IdentityStore.insert(user, db)
            return true
        }
        guard inserted else { throw ServiceError(.conflict, "a user named \(user.username) already exists") }
    }

    /// Sets the password; with `revoking`, in the same transaction also drops the user's refresh tokens and records
    /// the revocation of its ID and access tokens. False when there is no such user.
    @discardableResult
    func setPassword(_ username: String, hash: String, status: UserStatus, temporaryUntil: Timestamp?,
                     revoking: Revocation? = nil) async throws(ServiceError) -> Bool {
        try await write { db in
            try db.execute(sql: """
                UPDATE users SET password_hash = ?, status = ?, temporary_password_expires_at = ? WHERE username = ?
                """, arguments: [hash, status.rawValue, temporaryUntil?.microseconds, username])
            guard db.changesCount > 0 else { return false }
            if let revoking { try IdentityStore.revoke(username, revoking, db) }
            return true
        }
    }

    /// Enables or disables a user; with `revoking`, in the same transaction also drops its refresh tokens and records
    /// the revocation of its ID and access tokens. False when there is no such user.
    func setEnabled(_ username: String, _ enabled: Bool, revoking: Revocation? = nil) async throws(ServiceError) -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE users SET enabled = ? WHERE username = ?", arguments: [enabled, username])
            guard db.changesCount > 0 else { return false }
            if let revoking { try IdentityStore.revoke(username, revoking, db) }
            return true
        }
    }

    /// Deletes a user and its refresh tokens and records `revoking`, in one transaction. False when there is no such user.
    func deleteUser(_ username: String, revoking: Revocation) async throws(ServiceError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM users WHERE username = ?", arguments: [username])
            guard db.changesCount > 0 else { return false }
            try IdentityStore.revoke(username, revoking, db)
            return true
        }
    }

    // MARK: Refresh tokens

    func storeRefreshToken(hash: String, _ record: RefreshTokenRecord, now: Timestamp) async throws(ServiceError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM refresh_tokens WHERE expires_at < ?", arguments: [now.microseconds])
            try db.execute(sql: "INSERT INTO refresh_tokens (token_hash, username, client_id, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [hash, record.username, record.clientID, record.expiresAt.microseconds])
        }
    }

    func refreshToken(hash: String) async throws(ServiceError) -> RefreshTokenRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM refresh_tokens WHERE token_hash = ?", arguments: [hash]).map {
                RefreshTokenRecord(username: $0["username"], clientID: $0["client_id"],
                                   expiresAt: Timestamp(microseconds: $0["expires_at"]))
            }
        }
    }

    /// Drops the user's refresh tokens and records `revoking` for its ID and access tokens, in one transaction
    /// (GlobalSignOut).
    func revokeTokens(of username: String, _ revoking: Revocation) async throws(ServiceError) {
        try await write { db in try IdentityStore.revoke(username, revoking, db) }
    }

    private static func revoke(_ username: String, _ revocation: Revocation, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM refresh_tokens WHERE username = ?", arguments: [username])
        try record(revocation, db)
    }

    // MARK: Signing keys

    func signingKeys() async throws(ServiceError) -> [SigningKeyRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM signing_keys ORDER BY created_at").map {
                SigningKeyRecord(kid: $0["kid"], sealedPrivateKey: [UInt8]((($0["sealed_private_key"] as Data?) ?? Data())),
                                 createdAt: Timestamp(microseconds: $0["created_at"]),
                                 retiredAt: ($0["retired_at"] as Int64?).map(Timestamp.init(microseconds:)))
            }
        }
    }

    /// Adds `key` as the signing key and retires the previous ones at `key.createdAt`.
    func rotate(to key: SigningKeyRecord) async throws(ServiceError) {
        try await write { db in
            try db.execute(sql: "UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL",
                           arguments: [key.createdAt.microseconds])
            try IdentityStore.insert(key, db)
        }
    }

    /// Deletes the key `kid` at once (a compromised key); false when there is none.
    func deleteSigningKey(_ kid: String) async throws(ServiceError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM signing_keys WHERE kid = ?", arguments: [kid])
            return db.changesCount > 0
        }
    }

    /// Removes keys retired before `cutoff` (no token they signed can still be valid).
    func dropSigningKeys(retiredBefore cutoff: Timestamp) async throws(ServiceError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < ?",
                           arguments: [cutoff.microseconds])
        }
    }

    /// Seals the keys a data dir of an earlier version stored in clear, once (a sealed key is left alone), then
    /// rewrites the file and empties its journal so the clear bytes are gone from disk. Returns how many were sealed.
    func sealClearSigningKeys(with seal: any SigningKeySeal) async throws(ServiceError) -> Int {
        let clear = try await read { db in
            try Row.fetchAll(db, sql: "SELECT kid, private_key_pem FROM signing_keys WHERE sealed_private_key IS NULL").map {
                (kid: $0["kid"] as String, pem: $0["private_key_pem"] as String)
            }
        }
        guard !clear.isEmpty else { return 0 }
        for key in clear {
            let sealed = try await seal.seal(Array(key.pem.utf8), kid: key.kid)
            try await write { db in
                try db.execute(sql: """
                    UPDATE signing_keys SET sealed_private_key = ?, private_key_pem = '' WHERE kid = ? AND sealed_private_key IS NULL
                    """, arguments: [Data(sealed), key.kid])
            }
        }
        do {
            try await database.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM")
                try db.checkpoint(.truncate)
            }
        } catch {
            throw IdentityStore.failure(error)
        }
        return clear.count
    }

    // MARK: Machine clients

    func insert(_ client: MachineClientRecord) async throws(ServiceError) {
        try await write { db in
            try db.execute(sql: "INSERT INTO clients (client_id, secret_hash, tenant, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [client.clientID, client.secretHash, client.tenant, client.createdAt.microseconds])
        }
    }

    func client(_ clientID: String) async throws(ServiceError) -> MachineClientRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM clients WHERE client_id = ?", arguments: [clientID]).map(IdentityStore.client)
        }
    }

    func clients() async throws(ServiceError) -> [MachineClientRecord] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM clients ORDER BY created_at").map(IdentityStore.client) }
    }

    /// Deletes a client and records `revoking` for its access tokens, in one transaction; false when there is none.
    func deleteClient(_ clientID: String, revoking: Revocation) async throws(ServiceError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM clients WHERE client_id = ?", arguments: [clientID])
            guard db.changesCount > 0 else { return false }
            try IdentityStore.record(revoking, db)
            return true
        }
    }

    private static func client(_ row: Row) -> MachineClientRecord {
        MachineClientRecord(clientID: row["client_id"], secretHash: row["secret_hash"], tenant: row["tenant"],
                            createdAt: Timestamp(microseconds: row["created_at"]))
    }

    // MARK: Plumbing

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(ServiceError) -> T {
        do { return try await database.read(body) } catch { throw IdentityStore.failure(error) }
    }

    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(ServiceError) -> T {
        do { return try await database.write(body) } catch { throw IdentityStore.failure(error) }
    }

    private static func failure(_ error: any Error) -> ServiceError {
        (error as? ServiceError) ?? ServiceError.unavailable("the identity database failed: \(error)")
    }

    private static func insert(_ user: UserRecord, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO users (username, tenant, groups, password_hash, status, enabled, temporary_password_expires_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [user.username, user.tenant, user.groups.joined(separator: ","), user.passwordHash,
                             user.status.rawValue, user.enabled, user.temporaryPasswordExpiresAt?.microseconds,
                             user.createdAt.microseconds])
    }

    private static func insert(_ key: SigningKeyRecord, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO signing_keys (kid, private_key_pem, sealed_private_key, created_at, retired_at) VALUES (?, '', ?, ?, ?)
            """, arguments: [key.kid, Data(key.sealedPrivateKey), key.createdAt.microseconds, key.retiredAt?.microseconds])
    }

    private static func user(_ row: Row) -> UserRecord {
        let groups: String = row["groups"]
        return UserRecord(
            username: row["username"], tenant: row["tenant"],
            groups: groups.split(separator: ",").map(String.init), passwordHash: row["password_hash"],
            status: UserStatus(rawValue: row["status"]) ?? .forceChangePassword, enabled: row["enabled"],
            temporaryPasswordExpiresAt: (row["temporary_password_expires_at"] as Int64?).map(Timestamp.init(microseconds:)),
            createdAt: Timestamp(microseconds: row["created_at"]))
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-identity") { db in
            try db.execute(sql: """
                CREATE TABLE pool (user_pool_id TEXT NOT NULL, client_id TEXT NOT NULL, issuer TEXT NOT NULL);
                CREATE TABLE users (
                    username TEXT PRIMARY KEY, tenant TEXT NOT NULL, groups TEXT NOT NULL, password_hash TEXT NOT NULL,
                    status TEXT NOT NULL, enabled INTEGER NOT NULL, temporary_password_expires_at INTEGER,
                    created_at INTEGER NOT NULL);
                CREATE TABLE refresh_tokens (
                    token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
                CREATE INDEX refresh_tokens_by_user ON refresh_tokens (username);
                CREATE TABLE signing_keys (
                    kid TEXT PRIMARY KEY, private_key_pem TEXT NOT NULL, created_at INTEGER NOT NULL, retired_at INTEGER);
                """)
        }
        migrator.registerMigration("v2-machine-clients") { db in
            try db.execute(sql: """
                CREATE TABLE clients (
                    client_id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, tenant TEXT NOT NULL, created_at INTEGER NOT NULL)
                """)
        }
        // Signing keys are sealed (`SigningKeySeal`); private_key_pem only held the clear keys of earlier versions
        // until `sealClearSigningKeys` sealed them, and is '' since.
        migrator.registerMigration("v3-sealed-signing-keys") { db in
            try db.execute(sql: "ALTER TABLE signing_keys ADD COLUMN sealed_private_key BLOB")
        }
        // Per principal (`sub`), the time (seconds since the epoch) before which its tokens are refused, and until when
        // the row matters (no token it refuses is valid after `keep_until`). See `Revocation`.
        migrator.registerMigration("v4-token-revocations") { db in
            try db.execute(sql: """
                CREATE TABLE token_revocations (
                    subject TEXT PRIMARY KEY, valid_after INTEGER NOT NULL, keep_until INTEGER NOT NULL)
                """)
        }
        registerAPIKeyTables(&migrator)
        return migrator
    }
}
