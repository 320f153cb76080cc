import Model
import Storage
import TestSupport
import Testing

private let tenant = TenantID("acme")!

private func entry(_ micros: Int64, _ id: String, fingerprint: [UInt8]? = nil) -> StoredEntry {
    StoredEntry(tenant: tenant, key: EntryKey(timestamp: Timestamp(microseconds: micros), id: id),
                severity: .info, sealed: SealedMessage(bytes: Array("sealed-\(id)".utf8)), fingerprint: fingerprint)
}

/// Claims are made `micros` after the start of the test (stores purge expired claims by the real clock).
private let start = Timestamp.now().microseconds

private func claim(_ key: String, _ fingerprint: UInt8, at micros: Int64, window: Int = 60) -> IdempotencyClaim {
    IdempotencyClaim(tenant: tenant, key: key, fingerprint: [fingerprint], madeAt: Timestamp(microseconds: start + micros),
                     windowSeconds: window)
}

private func storedIDs(_ store: SQLiteLogStore) async throws -> [String] {
    try await store.recent(tenant: tenant, limit: 100, before: nil, filter: EntryFilter()).entries.map(\.key.id)
}

@Suite("Appending with client ids and idempotency keys")
struct AppendIdempotencyTests {
    @Test("an entry whose client id is stored is not written again; the outcome names the stored key")
    func clientIDDeduplicates() async throws {
        let store = try SQLiteLogStore(path: try Scratch.directory() + "/entries.sqlite", logger: quietLogger())
        let first = try await store.append(AppendBatch(entries: [entry(10, "order-1", fingerprint: [1])]))
        #expect(first.written == [true])
        let again = try await store.append(AppendBatch(entries: [entry(99, "order-1", fingerprint: [1]), entry(100, "order-2", fingerprint: [2])]))
        #expect(again.keys == [EntryKey(timestamp: Timestamp(microseconds: 10), id: "order-1"),
                               EntryKey(timestamp: Timestamp(microseconds: 100), id: "order-2")])
        #expect(again.written == [false, true])
        #expect(try await storedIDs(store) == ["order-2", "order-1"])
        await store.close()
    }

    @Test("a client id reused with other content is a conflict and the whole batch is refused")
    func clientIDConflict() async throws {
        let store = try SQLiteLogStore(path: try Scratch.directory() + "/entries.sqlite", logger: quietLogger())
        try await store.append(AppendBatch(entries: [entry(10, "order-1", fingerprint: [1])]))
        await #expect(throws: ServiceError(.conflict, "an entry with id \"order-1\" was already stored with different content")) {
            try await store.append(AppendBatch(entries: [entry(20, "fresh", fingerprint: [3]), entry(30, "order-1", fingerprint: [2])]))
        }
        #expect(try await storedIDs(store) == ["order-1"])
        // The refused batch claimed nothing: its new id is still free.
        let retry = try await store.append(AppendBatch(entries: [entry(20, "fresh", fingerprint: [3])]))
        #expect(retry.written == [true])
        await store.close()
    }

    @Test("a repeated idempotency claim replays the first outcome; another fingerprint is a conflict")
    func claimReplays() async throws {
        let store = try SQLiteLogStore(path: try Scratch.directory() + "/entries.sqlite", logger: quietLogger())
        let first = try await store.append(AppendBatch(entries: [entry(10, "a"), entry(11, "b")], idempotency: claim("k", 7, at: 1_000)))
        let replay = try await store.append(AppendBatch(entries: [entry(20, "c"), entry(21, "d")], idempotency: claim("k", 7, at: 2_000)))
        #expect(replay.replayed)
        #expect(replay.keys == first.keys)
        #expect(replay.written == [false, false])
        await #expect(throws: ServiceError.self) {
            try await store.append(AppendBatch(entries: [entry(30, "e")], idempotency: claim("k", 8, at: 3_000)))
        }
        #expect(try await storedIDs(store) == ["b", "a"])
        await store.close()
    }

    @Test("a claim past its window no longer counts: the key stores anew")
    func claimExpires() async throws {
        let store = try SQLiteLogStore(path: try Scratch.directory() + "/entries.sqlite", logger: quietLogger())
        try await store.append(AppendBatch(entries: [entry(10, "a")], idempotency: claim("k", 7, at: 0, window: 1)))
        let later = try await store.append(AppendBatch(entries: [entry(20, "b")], idempotency: claim("k", 8, at: 1_000_001, window: 1)))
        #expect(!later.replayed)
        #expect(later.written == [true])
        let replay = try await store.append(AppendBatch(entries: [entry(30, "c")], idempotency: claim("k", 8, at: 1_500_000, window: 1)))
        #expect(replay.replayed && replay.keys.map(\.id) == ["b"])
        #expect(try await storedIDs(store) == ["b", "a"])
        await store.close()
    }

    @Test("claims are per tenant: another tenant's key of the same name is independent")
    func claimsPerTenant() async throws {
        let store = try SQLiteLogStore(path: try Scratch.directory() + "/entries.sqlite", logger: quietLogger())
        let other = TenantID("other")!
        try await store.append(AppendBatch(entries: [entry(10, "a")], idempotency: claim("k", 7, at: 0)))
        let theirs = try await store.append(AppendBatch(
            entries: [StoredEntry(tenant: other, key: EntryKey(timestamp: Timestamp(microseconds: 10), id: "z"), severity: .info,
                                  sealed: SealedMessage(bytes: [1]))],
            idempotency: IdempotencyClaim(tenant: other, key: "k", fingerprint: [9], madeAt: Timestamp(microseconds: start + 5), windowSeconds: 60)))
        #expect(!theirs.replayed && theirs.written == [true])
        await store.close()
    }

    @Test("concurrent retries with one key store the batch once and all answer alike")
    func concurrentRetries() async throws {
        let store = try SQLiteLogStore(path: try Scratch.directory() + "/entries.sqlite", logger: quietLogger())
        let outcomes = try await withThrowingTaskGroup(of: AppendOutcome.self) { group in
            for attempt in 0..<8 {
                group.addTask {
                    try await store.append(AppendBatch(entries: [entry(Int64(100 + attempt), "try-\(attempt)")],
                                                       idempotency: claim("same", 1, at: 1_000)))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count { !$0.replayed } == 1)
        #expect(Set(outcomes.map(\.keys)).count == 1)
        #expect(try await storedIDs(store).count == 1)
        await store.close()
    }
}
