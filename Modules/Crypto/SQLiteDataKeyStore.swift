import Foundation
import GRDB
public import Model
import Storage

/// Wrapped data keys in `keys.sqlite` (WAL, secure_delete on): one row per data key, plus a tombstone per
/// crypto-shredded tenant.
public struct SQLiteDataKeyStore: DataKeyStore {
    private let database: DatabasePool
    private let path: String

    public init(path: String) throws(ServiceError) {
        self.path = path
        database = try SQLiteDatabase.open(path: path, label: "data key", fsyncEveryCommit: true,
                                           prepare: { db in try db.execute(sql: "PRAGMA secure_delete = ON") },
                                           migrator: SQLiteDataKeyStore.migrator)
    }

    public func insert(_ record: DataKeyRecord) async throws(ServiceError) {
        try await write { db in
            try db.execute(sql: "INSERT INTO data_keys (id, tenant, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [record.id, record.tenant, record.wrapped.keyEncryptionKeyID,
                                       Data(record.wrapped.ciphertext), record.createdAt.microseconds])
        }
    }

    public func record(id: String, tenant: TenantID) async throws(ServiceError) -> DataKeyRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM data_keys WHERE id = ? AND tenant = ?", arguments: [id, tenant.rawValue])
                .map(SQLiteDataKeyStore.record)
        }
    }

    public func records(notWrappedUnder keyID: String, limit: Int) async throws(ServiceError) -> [DataKeyRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM data_keys WHERE kek_id != ? ORDER BY id LIMIT ?",
                             arguments: [keyID, limit]).map(SQLiteDataKeyStore.record)
        }
    }

    public func replace(_ record: DataKeyRecord, with wrapped: WrappedDataKey) async throws(ServiceError) {
        try await write { db in
            try db.execute(sql: "UPDATE data_keys SET kek_id = ?, wrapped = ? WHERE id = ?",
                           arguments: [wrapped.keyEncryptionKeyID, Data(wrapped.ciphertext), record.id])
        }
    }

    public func countsByKeyEncryptionKey() async throws(ServiceError) -> [String: Int] {
        try await read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT kek_id, COUNT(*) AS n FROM data_keys GROUP BY kek_id")
                .map { ($0["kek_id"] as String, $0["n"] as Int) })
        }
    }

    /// Also overwrites the deleted bytes and truncates the WAL.
    public func shred(_ tenant: String, at time: Timestamp) async throws(ServiceError) -> Int {
        let count = try await write { db -> Int in
            try db.execute(sql: "DELETE FROM data_keys WHERE tenant = ?", arguments: [tenant])
            let count = db.changesCount
            try db.execute(sql: "INSERT OR REPLACE INTO shredded_tenants (tenant, shredded_at) VALUES (?, ?)",
                           arguments: [tenant, time.microseconds])
            return count
        }
        do {
            try await database.writeWithoutTransaction { db in
                _ = try db.checkpoint(.truncate)
                try db.execute(sql: "VACUUM")
            }
        } catch {
            throw ServiceError.unavailable("the data keys were deleted but the database could not be compacted: \(error)")
        }
        return count
    }

    public func shreddedTenants() async throws(ServiceError) -> [String: Timestamp] {
        try await read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT tenant, shredded_at FROM shredded_tenants")
                .map { ($0["tenant"] as String, Timestamp(microseconds: $0["shredded_at"])) })
        }
    }

    private func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(ServiceError) -> T {
        do { return try await database.read(body) } catch { throw SQLiteFailure.serviceError(error, doing: "reading data keys", path: path) }
    }

    private func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(ServiceError) -> T {
        do { return try await database.write(body) } catch { throw SQLiteFailure.serviceError(error, doing: "storing a data key", path: path) }
    }

    private static func record(_ row: Row) -> DataKeyRecord {
        let wrapped: Data = row["wrapped"]
        return DataKeyRecord(id: row["id"], tenant: row["tenant"],
                      wrapped: WrappedDataKey(ciphertext: [UInt8](wrapped), keyEncryptionKeyID: row["kek_id"]),
                      createdAt: Timestamp(microseconds: row["created_at"]))
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-data-keys") { db in
            try db.execute(sql: """
                CREATE TABLE data_keys (
                    id TEXT PRIMARY KEY, tenant TEXT NOT NULL, kek_id TEXT NOT NULL, wrapped BLOB NOT NULL,
                    created_at INTEGER NOT NULL);
                CREATE INDEX data_keys_by_tenant ON data_keys (tenant);
                CREATE INDEX data_keys_by_kek ON data_keys (kek_id);
                CREATE TABLE shredded_tenants (tenant TEXT PRIMARY KEY, shredded_at INTEGER NOT NULL);
                """)
        }
        return migrator
    }
}
