import Foundation
import GRDB
import Model

/// The single binary's `APIKeyStore`: the `api_keys` and `api_key_hash_key` tables of `identity.sqlite`. Each
/// creation and revocation gives its row the next `version` (the largest plus one, in the writing transaction; SQLite
/// serialises writers, so versions grow in commit order), which readers follow to take only what changed.
extension IdentityStore: APIKeyStore {
    func sealedHashKey() async throws(ServiceError) -> SealedHashKey? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, sealed FROM api_key_hash_key").map(IdentityStore.hashKey)
        }
    }

    func storeHashKey(_ key: SealedHashKey) async throws(ServiceError) -> SealedHashKey {
        try await write { db in
            if let stored = try Row.fetchOne(db, sql: "SELECT id, sealed FROM api_key_hash_key").map(IdentityStore.hashKey) {
                return stored
            }
            try db.execute(sql: "INSERT INTO api_key_hash_key (id, sealed, created_at) VALUES (?, ?, ?)",
                           arguments: [key.id, Data(key.sealed), Timestamp.now().microseconds])
            return key
        }
    }

    func insert(_ key: APIKeyRecord, activeLimit: Int) async throws(ServiceError) {
        let inserted = try await write { db in
            let now = key.createdAt.microseconds
            let active = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM api_keys WHERE tenant = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
                """, arguments: [key.tenant.rawValue, now]) ?? 0
            guard active < activeLimit else { return false }
            try db.execute(sql: """
                INSERT INTO api_keys (id, hash, tenant, role, name, created_at, expires_at, revoked_at, last_used_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, (SELECT coalesce(max(version), 0) + 1 FROM api_keys))
                """, arguments: [key.id, Data(key.hash), key.tenant.rawValue, key.role.rawValue, key.name, now,
                                 key.expiresAt?.microseconds])
            return true
        }
        guard inserted else {
            throw ServiceError(.conflict, "the tenant \(key.tenant) has \(activeLimit) API keys in force, the most it may have: revoke one first")
        }
    }

    func changes(after version: Int64) async throws(ServiceError) -> (keys: [APIKeyRecord], version: Int64) {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM api_keys WHERE version > ? ORDER BY version", arguments: [version])
            let latest = rows.last.map { $0["version"] as Int64 } ?? version
            return (rows.compactMap(IdentityStore.apiKey), latest)
        }
    }

    func keys(of tenant: TenantID?) async throws(ServiceError) -> [APIKeyRecord] {
        try await read { db in
            let rows = if let tenant {
                try Row.fetchAll(db, sql: "SELECT * FROM api_keys WHERE tenant = ? AND revoked_at IS NULL ORDER BY created_at, id",
                                 arguments: [tenant.rawValue])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM api_keys WHERE revoked_at IS NULL ORDER BY tenant, created_at, id")
            }
            return rows.compactMap(IdentityStore.apiKey)
        }
    }

    func revoke(_ id: String, of tenant: TenantID?, at now: Timestamp) async throws(ServiceError) -> APIKeyRecord? {
        try await write { db in
            try db.execute(sql: """
                UPDATE api_keys SET revoked_at = ?, version = (SELECT max(version) + 1 FROM api_keys)
                WHERE id = ? AND revoked_at IS NULL AND (? IS NULL OR tenant = ?)
                """, arguments: [now.microseconds, id, tenant?.rawValue, tenant?.rawValue])
            guard db.changesCount > 0 else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE id = ?", arguments: [id]).flatMap(IdentityStore.apiKey)
        }
    }

    func recordLastUse(_ times: [String: Timestamp]) async throws(ServiceError) {
        guard !times.isEmpty else { return }
        try await write { db in
            for (id, time) in times {
                try db.execute(sql: "UPDATE api_keys SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?",
                               arguments: [time.microseconds, id])
            }
        }
    }

    private static func hashKey(_ row: Row) -> SealedHashKey {
        SealedHashKey(id: row["id"], sealed: [UInt8]((row["sealed"] as Data?) ?? Data()))
    }

    /// A row as a record; nil for a row this version cannot read (a role it does not know), which is then refused.
    private static func apiKey(_ row: Row) -> APIKeyRecord? {
        guard let tenant = TenantID(row["tenant"] as String), let role = Role(rawValue: row["role"]) else { return nil }
        return APIKeyRecord(
            id: row["id"], hash: [UInt8]((row["hash"] as Data?) ?? Data()), tenant: tenant, role: role, name: row["name"],
            createdAt: Timestamp(microseconds: row["created_at"]),
            expiresAt: (row["expires_at"] as Int64?).map(Timestamp.init(microseconds:)),
            revokedAt: (row["revoked_at"] as Int64?).map(Timestamp.init(microseconds:)),
            lastUsedAt: (row["last_used_at"] as Int64?).map(Timestamp.init(microseconds:)), version: row["version"])
    }

    /// The tables of API keys: see `APIKeyRecord` and `SealedHashKey`.
    static func registerAPIKeyTables(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-api-keys") { db in
            try db.execute(sql: """
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY, hash BLOB NOT NULL, tenant TEXT NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL,
                    created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER, last_used_at INTEGER,
                    version INTEGER NOT NULL);
                CREATE INDEX api_keys_by_version ON api_keys (version);
                CREATE INDEX api_keys_by_tenant ON api_keys (tenant, created_at);
                CREATE TABLE api_key_hash_key (id TEXT PRIMARY KEY, sealed BLOB NOT NULL, created_at INTEGER NOT NULL);
                """)
        }
    }
}
