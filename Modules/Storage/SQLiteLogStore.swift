import CoreMetrics
import Foundation
import GRDB
public import Logging
public import Model

/// The embedded store: one SQLite database in WAL mode, writes grouped into durable commits.
public final class SQLiteLogStore: LogStore {
    private let pool: DatabasePool
    private let writes: GroupCommit<AppendBatch, AppendOutcome>
    private let logger: Logger

    /// How hard a commit waits for the disk.
    public enum Durability: String, Sendable, Codable {
        /// fsync on every commit: an acknowledged entry survives power loss (the default).
        case full
        /// fsync at WAL checkpoints only: survives a process crash, not power loss.
        case normal
    }

    /// Opens (creating if needed) the database at `path`.
    public init(path: String, durability: Durability = .full, logger: Logger) throws(ServiceError) {
        var configuration = Configuration()
        configuration.label = "logsvc.entries"
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteLogStore.migrator.migrate(pool)
            self.pool = pool
        } catch {
            throw ServiceError.unavailable("cannot open the entry database at \(path): \(error)")
        }
        self.logger = logger
        let pool = self.pool
        let purge = ExpiredClaimPurge()
        let latency = CoreMetrics.Timer(label: "logsvc_store_commit_duration_seconds", preferredDisplayUnit: .seconds)
        self.writes = GroupCommit { batches in
            let start = ContinuousClock.now
            defer {
                let elapsed = ContinuousClock.now - start
                latency.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
            }
            return await SQLiteLogStore.commit(batches, to: pool, purge: purge, logger: logger)
        }
    }

    public func append(_ batch: AppendBatch) async throws(ServiceError) -> AppendOutcome {
        guard !batch.entries.isEmpty else { return AppendOutcome(keys: [], replayed: false, written: []) }
        do {
            return try await writes.submit(batch)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.unavailable("storage write failed")
        }
    }

    public func recent(tenant: TenantID, limit: Int, before: EntryKey?, filter: EntryFilter) async throws(ServiceError) -> StoredPage {
        let limit = max(0, limit)
        var conditions = ["tenant = ?"]
        var arguments: StatementArguments = [tenant.rawValue]
        if let before {
            conditions.append("(ts, id) < (?, ?)")
            arguments += [before.timestamp.microseconds, before.id]
        }
        if let severity = filter.minimumSeverity {
            conditions.append("severity >= ?")
            arguments += [severity.rawValue]
        }
        if let since = filter.since {
            conditions.append("ts >= ?")
            arguments += [since.microseconds]
        }
        if let until = filter.until {
            conditions.append("ts < ?")
            arguments += [until.microseconds]
        }
        arguments += [limit + 1]
        let sql = "SELECT ts, id, severity, sealed FROM entries WHERE " + conditions.joined(separator: " AND ")
            + " ORDER BY ts DESC, id DESC LIMIT ?"
        let boundArguments = arguments
        do {
            let rows = try await pool.read { db -> [StoredEntry] in
                let statement = try db.cachedStatement(sql: sql)
                return try Row.fetchAll(statement, arguments: boundArguments).map { row in
                    guard let severity = Severity(rawValue: row["severity"]) else {
                        throw ServiceError(.decryptionFailed, "a stored entry has an unknown severity")
                    }
                    let sealed: Data = row["sealed"]
                    return StoredEntry(tenant: tenant, key: EntryKey(timestamp: Timestamp(microseconds: row["ts"]), id: row["id"]),
                                       severity: severity, sealed: SealedMessage(bytes: [UInt8](sealed)))
                }
            }
            let entries = Array(rows.prefix(limit))
            return StoredPage(entries: entries, next: rows.count > limit ? entries.last?.key : nil)
        } catch let error as ServiceError {
            throw error
        } catch {
            logger.error("storage read failed", metadata: ["error": "\(error)"])
            throw ServiceError.unavailable("storage read failed")
        }
    }

    public func close() async {
        await writes.drain()
        do {
            try pool.close()
        } catch {
            logger.warning("closing the entry database failed", metadata: ["error": "\(error)"])
        }
    }

    /// One transaction for all batches; each batch in its own savepoint, so one bad batch
    /// (a conflict, say) fails alone and the others still commit.
    private static func commit(_ batches: [AppendBatch], to pool: DatabasePool, purge: ExpiredClaimPurge, logger: Logger)
        async -> [Result<AppendOutcome, any Error>]
    {
        do {
            return try await pool.write { db in
                let outcomes = batches.map { batch -> Result<AppendOutcome, any Error> in
                    do {
                        var outcome: AppendOutcome?
                        try db.inSavepoint {
                            outcome = try SQLiteAppend.write(batch, in: db)
                            return .commit
                        }
                        guard let outcome else { throw ServiceError.internalError("the append produced no outcome") }
                        return .success(outcome)
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                        return .failure(ServiceError(.conflict, "an entry with the same id and timestamp already exists"))
                    } catch {
                        return .failure(error)
                    }
                }
                try purge.runIfDue(in: db)
                return outcomes
            }
        } catch {
            logger.error("storage commit failed", metadata: ["error": "\(error)", "batches": "\(batches.count)"])
            let failure = ServiceError.unavailable("storage is not accepting writes right now")
            return batches.map { _ in .failure(failure) }
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-entries") { db in
            try db.execute(sql: """
                CREATE TABLE entries (
                    tenant TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    id TEXT NOT NULL,
                    severity INTEGER NOT NULL,
                    sealed BLOB NOT NULL,
                    PRIMARY KEY (tenant, ts, id)
                ) WITHOUT ROWID
                """)
        }
        migrator.registerMigration("v2-idempotency") { db in
            try db.execute(sql: """
                CREATE TABLE entry_ids (
                    tenant TEXT NOT NULL,
                    id TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    fingerprint BLOB NOT NULL,
                    PRIMARY KEY (tenant, id)
                ) WITHOUT ROWID;
                CREATE TABLE idempotency (
                    tenant TEXT NOT NULL,
                    key TEXT NOT NULL,
                    fingerprint BLOB NOT NULL,
                    expires INTEGER NOT NULL,
                    keys BLOB NOT NULL,
                    PRIMARY KEY (tenant, key)
                );
                CREATE INDEX idempotency_expiry ON idempotency (expires);
                """)
        }
        return migrator
    }
}
