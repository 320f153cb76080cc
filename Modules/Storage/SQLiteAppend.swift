import Foundation
import GRDB
import Model
import Synchronization

/// Writes one batch inside the caller's savepoint: idempotency claim, client ids, then entries and their index tokens.
enum SQLiteAppend {
    static func write(_ batch: AppendBatch, in db: Database) throws -> AppendOutcome {
        if let claim = batch.idempotency, let earlier = try earlierOutcome(of: claim, in: db) {
            return earlier
        }
        let insertEntry = try db.cachedStatement(sql: "INSERT INTO entries (tenant, ts, id, severity, sealed) VALUES (?, ?, ?, ?, ?)")
        let insertToken = try db.cachedStatement(sql: "INSERT OR IGNORE INTO entry_tokens (tenant, token, ts, id) VALUES (?, ?, ?, ?)")
        var keys: [EntryKey] = []
        keys.reserveCapacity(batch.entries.count)
        var written: [Bool] = []
        written.reserveCapacity(batch.entries.count)
        for entry in batch.entries {
            if let fingerprint = entry.fingerprint, let stored = try storedKey(of: entry, fingerprint: fingerprint, in: db) {
                keys.append(stored)
                written.append(false)
                continue
            }
            try insertEntry.execute(arguments: [
                entry.tenant.rawValue, entry.key.timestamp.microseconds, entry.key.id,
                entry.severity.rawValue, Data(entry.sealed.bytes),
            ])
            for token in entry.tokens {
                try insertToken.execute(arguments: [entry.tenant.rawValue, Data(token.bytes), entry.key.timestamp.microseconds, entry.key.id])
            }
            keys.append(entry.key)
            written.append(true)
        }
        if let claim = batch.idempotency {
            try db.execute(sql: """
                INSERT OR REPLACE INTO idempotency (tenant, key, fingerprint, expires, keys) VALUES (?, ?, ?, ?, ?)
                """, arguments: [claim.tenant.rawValue, claim.key, Data(claim.fingerprint),
                                 claim.madeAt.microseconds + Int64(claim.windowSeconds) * 1_000_000, Data(EntryKeyList.encode(keys))])
        }
        return AppendOutcome(keys: keys, replayed: false, written: written)
    }

    /// The first outcome under this key, if the claim is still valid and the request the same.
    private static func earlierOutcome(of claim: IdempotencyClaim, in db: Database) throws -> AppendOutcome? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT fingerprint, keys FROM idempotency WHERE tenant = ? AND key = ? AND expires > ?
            """), arguments: [claim.tenant.rawValue, claim.key, claim.madeAt.microseconds]) else { return nil }
        let fingerprint: Data = row["fingerprint"]
        guard [UInt8](fingerprint) == claim.fingerprint else {
            throw ServiceError(.conflict, "the Idempotency-Key was already used with a different request body")
        }
        let keys: Data = row["keys"]
        guard let decoded = EntryKeyList.decode([UInt8](keys)) else {
            throw ServiceError.internalError("a stored idempotency record is damaged")
        }
        return AppendOutcome(keys: decoded, replayed: true, written: decoded.map { _ in false })
    }

    /// The key under which an entry with this client id is already stored, or nil after claiming the id.
    private static func storedKey(of entry: StoredEntry, fingerprint: [UInt8], in db: Database) throws -> EntryKey? {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT ts, fingerprint FROM entry_ids WHERE tenant = ? AND id = ?"),
                                      arguments: [entry.tenant.rawValue, entry.key.id]) {
            let stored: Data = row["fingerprint"]
            guard [UInt8](stored) == fingerprint else {
                throw ServiceError(.conflict, "an entry of this request has the id of an entry stored earlier with different content")
            }
            return EntryKey(timestamp: Timestamp(microseconds: row["ts"]), id: entry.key.id)
        }
        try db.cachedStatement(sql: "INSERT INTO entry_ids (tenant, id, ts, fingerprint) VALUES (?, ?, ?, ?)")
            .execute(arguments: [entry.tenant.rawValue, entry.key.id, entry.key.timestamp.microseconds, Data(fingerprint)])
        return nil
    }
}

/// Deletes expired idempotency claims a little at a time, at most once a minute.
final class ExpiredClaimPurge: Sendable {
    private let lastRun = Mutex<Int64>(0)

    func runIfDue(in db: Database) throws {
        let now = Timestamp.now().microseconds
        let due = lastRun.withLock { last -> Bool in
            guard now - last >= 60_000_000 else { return false }
            last = now
            return true
        }
        guard due else { return }
        try db.execute(sql: """
            DELETE FROM idempotency WHERE rowid IN (SELECT rowid FROM idempotency WHERE expires <= ? LIMIT 1000)
            """, arguments: [now])
    }
}
