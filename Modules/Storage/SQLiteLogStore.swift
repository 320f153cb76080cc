import CoreMetrics
import Foundation
import GRDB
import GRDBSQLite
public import Logging
public import Model

/// The embedded store: one SQLite database in WAL mode, writes grouped into durable commits.
public final class SQLiteLogStore: LogStore {
    private let pool: DatabasePool
    private let path: String
    private let writes: GroupCommit<AppendBatch, AppendOutcome>
    private let retention: Retention
    private let purge: Task<Void, Never>?
    private let logger: Logger

    /// How often expired entries are deleted, and how many rows one delete takes at most.
    static let purgeInterval: Duration = .seconds(60)
    static let purgeBatchRows = 1000

    /// How hard a commit waits for the disk.
    public enum Durability: String, Sendable, Codable, CaseIterable {
        /// fsync on every commit: an acknowledged entry survives power loss (the default).
        case full
        /// fsync at WAL checkpoints only: survives a process crash, not power loss.
        case normal
    }

    /// Opens (creating if needed) the database at `path`.
    /// With a retention, expired entries are deleted in the background, a small batch at a time.
    public init(path: String, durability: Durability = .full, retention: Retention = .forever,
                logger: Logger) throws(ServiceError) {
        self.path = path
        pool = try SQLiteDatabase.open(path: path, label: "entry", fsyncEveryCommit: durability == .full,
                                       migrator: SQLiteLogStore.migrator)
        self.logger = logger
        self.retention = retention
        let pool = self.pool
        self.purge = retention.days == 0 ? nil : Task.detached(priority: .background) {
            while !Task.isCancelled {
                do {
                    _ = try await SQLiteLogStore.deleteExpired(from: pool, retention: retention, now: .now())
                } catch {
                    logger.warning("deleting expired entries failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: SQLiteLogStore.purgeInterval)
            }
        }
        let purge = ExpiredClaimPurge()
        let latency = CoreMetrics.Timer(label: "logsvc_store_commit_duration_seconds", preferredDisplayUnit: .seconds)
        self.writes = GroupCommit { batches in
            let start = ContinuousClock.now
            defer {
                let elapsed = ContinuousClock.now - start
                latency.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
            }
            return await SQLiteLogStore.commit(batches, to: pool, at: path, purge: purge, logger: logger)
        }
    }

    public func append(_ batch: AppendBatch) async throws(ServiceError) -> AppendOutcome {
        guard !batch.entries.isEmpty else { return AppendOutcome(keys: [], replayed: false, written: []) }
        do {
            return try await writes.submit(batch)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw SQLiteFailure.serviceError(error, doing: "storing entries", path: path)
        }
    }

    public func recent(tenant: TenantID, limit: Int, before: EntryKey?, filter: EntryFilter, tokens: [IndexToken])
        async throws(ServiceError) -> StoredPage {
        let limit = max(0, limit)
        // By token: the token's rows in key order, each joined to its entry; one read per token, merged newest first,
        // an entry written with several of the tokens (a word and the overflow term) once.
        let source = tokens.isEmpty ? "entries e" : "entry_tokens t JOIN entries e ON e.tenant = t.tenant AND e.ts = t.ts AND e.id = t.id"
        let order = tokens.isEmpty ? "e" : "t"
        var conditions = ["\(order).tenant = ?"]
        var bounds: StatementArguments = []
        if !tokens.isEmpty { conditions.append("t.token = ?") }
        if let severity = filter.minimumSeverity {
            // `+` keeps the planner off `entries_by_severity`, which would lose the key order.
            conditions.append("+e.severity >= ?")
            bounds += [severity.rawValue]
        }
        keyRange(of: order, before: before, filter: filter, into: &conditions, &bounds)
        bounds += [limit + 1]
        let sql = "SELECT e.ts, e.id, e.severity, e.sealed FROM \(source) WHERE " + conditions.joined(separator: " AND ")
            + " ORDER BY \(order).ts DESC, \(order).id DESC LIMIT ?"
        let reads: [StatementArguments] = tokens.isEmpty ? [[tenant.rawValue] + bounds] : tokens.map { [tenant.rawValue, Data($0.bytes)] + bounds }
        do {
            let rows = try await pool.read { db -> [StoredEntry] in
                let statement = try db.cachedStatement(sql: sql)
                var found: [StoredEntry] = []
                found.reserveCapacity(limit + 1)
                for bound in reads {
                    try statement.setArguments(bound)
                    try SQLiteLogStore.readEntries(statement, of: tenant, db: db, into: &found)
                }
                guard reads.count > 1 else { return found }
                var merged: [StoredEntry] = []
                for entry in found.sorted(by: { $0.key > $1.key }) where entry.key != merged.last?.key { merged.append(entry) }
                return merged
            }
            var entries = rows
            if entries.count > limit { entries.removeLast(entries.count - limit) }
            return StoredPage(entries: entries, next: rows.count > limit ? entries.last?.key : nil)
        } catch {
            throw readFailure(error, doing: "reading entries")
        }
    }

    /// What a read that threw `error` answers: a `ServiceError` as it is; `cancelled` when the caller went away
    /// (GRDB stops the read of a cancelled task), for nothing failed; else SQLite's failure, logged.
    private func readFailure(_ error: any Error, doing: String) -> ServiceError {
        switch error {
        case let error as ServiceError: return error
        case is CancellationError: return .cancelled
        default:
            logger.error("storage read failed", metadata: ["error": "\(error)"])
            return SQLiteFailure.serviceError(error, doing: doing, path: path)
        }
    }

    /// The conditions, on `table`'s `ts` and `id`, of the keys a read covers: older than `before`, from the later of
    /// the filter's `since` and the retention cutoff, before its `until`.
    private func keyRange(of table: String, before: EntryKey?, filter: EntryFilter, into conditions: inout [String],
                          _ bounds: inout StatementArguments) {
        if let before {
            conditions.append("(\(table).ts, \(table).id) < (?, ?)")
            bounds += [before.timestamp.microseconds, before.id]
        }
        if let since = [filter.since, retention.cutoff(now: .now())].compactMap({ $0 }).max() {
            conditions.append("\(table).ts >= ?")
            bounds += [since.microseconds]
        }
        if let until = filter.until {
            conditions.append("\(table).ts < ?")
            bounds += [until.microseconds]
        }
    }

    /// Steps `statement` (columns ts, id, severity, sealed) to its end, appending its entries. Through SQLite's C
    /// API, each column read once in place and copied once: this loop runs for every entry a scan reads, and GRDB's
    /// rows cost more than the rest of the read.
    private static func readEntries(_ statement: Statement, of tenant: TenantID, db: Database, into found: inout [StoredEntry]) throws {
        let handle = statement.sqliteStatement
        while true {
            let code = sqlite3_step(handle)
            guard code == SQLITE_ROW else {
                guard code == SQLITE_DONE else {
                    sqlite3_reset(handle)
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
                }
                return
            }
            let id = sqlite3_column_text(handle, 1).map { text in
                String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, 1))), as: UTF8.self)
            }
            guard let id, let severity = Severity(rawValue: Int(sqlite3_column_int64(handle, 2))) else {
                sqlite3_reset(handle)
                throw ServiceError(.decryptionFailed, "a stored entry has an unknown severity or no id")
            }
            let sealed = sqlite3_column_blob(handle, 3).map { blob in
                [UInt8](UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(handle, 3))))
            } ?? []
            found.append(StoredEntry(tenant: tenant, key: EntryKey(timestamp: Timestamp(microseconds: sqlite3_column_int64(handle, 0)), id: id),
                                     severity: severity, sealed: SealedMessage(bytes: sealed)))
        }
    }

    public func severityCounts(tenant: TenantID, before: EntryKey?, filter: EntryFilter) async throws(ServiceError) -> [Severity: Int] {
        // One range of `entries_by_severity` per severity, counted without reading a row.
        var conditions = ["tenant = ?", "severity = ?"]
        var bounds: StatementArguments = []
        keyRange(of: "entries", before: before, filter: filter, into: &conditions, &bounds)
        let sql = "SELECT count(*) FROM entries INDEXED BY entries_by_severity WHERE " + conditions.joined(separator: " AND ")
        let severities = Severity.allCases.filter { $0 >= filter.minimumSeverity ?? .debug }
        let range = bounds
        do {
            return try await pool.read { db in
                let statement = try db.cachedStatement(sql: sql)
                var counts: [Severity: Int] = [:]
                for severity in severities {
                    let count = try Int.fetchOne(statement, arguments: [tenant.rawValue, severity.rawValue] + range) ?? 0
                    if count > 0 { counts[severity] = count }
                }
                return counts
            }
        } catch {
            throw readFailure(error, doing: "counting entries")
        }
    }

    public func indexWatermarks(tenant: TenantID) async throws(ServiceError) -> [IndexWatermark] {
        do {
            return try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT field, since FROM index_watermarks WHERE tenant = ?", arguments: [tenant.rawValue]).map {
                    IndexWatermark(tenant: tenant, field: $0["field"], since: Timestamp(microseconds: $0["since"]))
                }
            }
        } catch {
            throw SQLiteFailure.serviceError(error, doing: "reading index watermarks", path: path)
        }
    }

    public func recordIndexWatermark(_ watermark: IndexWatermark) async throws(ServiceError) {
        do {
            try await pool.write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO index_watermarks (tenant, field, since) VALUES (?, ?, ?)",
                               arguments: [watermark.tenant.rawValue, watermark.field, watermark.since.microseconds])
            }
        } catch {
            throw SQLiteFailure.serviceError(error, doing: "recording an index watermark", path: path)
        }
    }

    public func removeIndexWatermarks(keeping keep: @Sendable (IndexWatermark) -> Bool) async throws(ServiceError) {
        do {
            try await pool.write { db in
                let all = try Row.fetchAll(db, sql: "SELECT tenant, field, since FROM index_watermarks").compactMap { row in
                    TenantID(row["tenant"] as String).map {
                        IndexWatermark(tenant: $0, field: row["field"], since: Timestamp(microseconds: row["since"]))
                    }
                }
                for watermark in all where !keep(watermark) {
                    try db.execute(sql: "DELETE FROM index_watermarks WHERE tenant = ? AND field = ?",
                                   arguments: [watermark.tenant.rawValue, watermark.field])
                }
            }
        } catch {
            throw SQLiteFailure.serviceError(error, doing: "removing index watermarks", path: path)
        }
    }

    /// Deletes every entry (and its client-id record and index tokens) past the retention now, a small batch per write, so writers
    /// wait at most one batch; returns how many entries were deleted.
    public func deleteExpired(now: Timestamp = .now()) async throws(ServiceError) -> Int {
        do {
            return try await SQLiteLogStore.deleteExpired(from: pool, retention: retention, now: now)
        } catch {
            throw ServiceError.unavailable("deleting expired entries failed: \(error)")
        }
    }

    private static func deleteExpired(from pool: DatabasePool, retention: Retention, now: Timestamp) async throws -> Int {
        guard let cutoff = retention.cutoff(now: now)?.microseconds else { return 0 }
        var deleted = 0
        var tenant = ""
        // Tenant by tenant (each found with primary-key seeks: a tenant whose entries are gone may still have expired
        // tokens, when an earlier purge stopped between the two), oldest rows first, batchRows at a time.
        while true {
            let after = tenant
            guard let next = try await pool.read({ db in
                try String.fetchOne(db, sql: """
                    SELECT min(tenant) FROM (
                        SELECT (SELECT tenant FROM entries WHERE tenant > ?1 ORDER BY tenant LIMIT 1) AS tenant
                        UNION ALL SELECT (SELECT tenant FROM entry_tokens WHERE tenant > ?1 ORDER BY tenant LIMIT 1))
                    """, arguments: [after])
            }) else { break }
            tenant = next
            while true {
                let (removed, full) = try await pool.write { db -> (Int, Bool) in
                    try db.execute(sql: """
                        DELETE FROM entries WHERE tenant = ? AND (ts, id) IN
                            (SELECT ts, id FROM entries WHERE tenant = ? AND ts < ? ORDER BY ts LIMIT ?)
                        """, arguments: [next, next, cutoff, purgeBatchRows])
                    let entries = db.changesCount
                    try db.execute(sql: """
                        DELETE FROM entry_tokens WHERE tenant = ? AND (token, ts, id) IN
                            (SELECT token, ts, id FROM entry_tokens WHERE tenant = ? AND ts < ? ORDER BY ts LIMIT ?)
                        """, arguments: [next, next, cutoff, purgeBatchRows])
                    let tokens = db.changesCount
                    try db.execute(sql: """
                        DELETE FROM entry_ids WHERE tenant = ? AND id IN
                            (SELECT id FROM entry_ids WHERE tenant = ? AND ts < ? LIMIT ?)
                        """, arguments: [next, next, cutoff, purgeBatchRows])
                    return (entries, max(entries, tokens, db.changesCount) == purgeBatchRows)
                }
                deleted += removed
                if !full { break }
                await Task.yield()
            }
        }
        return deleted
    }

    public func close() async {
        purge?.cancel()
        await writes.drain()
        do {
            try pool.close()
        } catch {
            logger.warning("closing the entry database failed", metadata: ["error": "\(error)"])
        }
    }

    /// One transaction for all batches; each batch in its own savepoint, so one bad batch
    /// (a conflict, say) fails alone and the others still commit.
    private static func commit(_ batches: [AppendBatch], to pool: DatabasePool, at path: String, purge: ExpiredClaimPurge,
                               logger: Logger)
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
            let failure = SQLiteFailure.serviceError(error, doing: "storing entries", path: path)
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
        migrator.registerMigration("v3-blind-indexes") { db in
            try db.execute(sql: """
                CREATE TABLE entry_tokens (
                    tenant TEXT NOT NULL,
                    token BLOB NOT NULL,
                    ts INTEGER NOT NULL,
                    id TEXT NOT NULL,
                    PRIMARY KEY (tenant, token, ts, id)
                ) WITHOUT ROWID;
                CREATE INDEX entry_tokens_age ON entry_tokens (tenant, ts);
                CREATE TABLE index_watermarks (
                    tenant TEXT NOT NULL,
                    field TEXT NOT NULL,
                    since INTEGER NOT NULL,
                    PRIMARY KEY (tenant, field)
                ) WITHOUT ROWID;
                """)
        }
        // Counts by severity and time (`severityCounts`) read this index alone.
        migrator.registerMigration("v4-severity-index") { db in
            try db.execute(sql: "CREATE INDEX entries_by_severity ON entries (tenant, severity, ts)")
        }
        return migrator
    }
}
