import Foundation
import Model
import Storage
import TestSupport
import Testing

private func openStore(_ directory: String, retention: Retention = .forever) throws -> SQLiteLogStore {
    try SQLiteLogStore(path: directory + "/entries.sqlite", retention: retention, logger: quietLogger())
}

/// What only the SQLite store does; what every store does is in `LogStoreConformanceTests`.
@Suite("The SQLite store")
struct SQLiteLogStoreTests {
    @Test("refuses a batch holding a key that is already stored, and keeps the other batches")
    func duplicateKey() async throws {
        let store = try openStore(try Scratch.directory())
        try await store.append([entry("a", 1, "one")])
        await #expect(throws: ServiceError.self) {
            try await store.append([entry("a", 2, "two"), entry("a", 1, "one")])
        }
        try await store.append([entry("a", 3, "three")])
        #expect(try await store.ids("a") == ["three", "one"])
        await store.close()
    }

    @Test("a read of a caller that went away ends as cancelled, not as a storage failure")
    func cancelledRead() async throws {
        let store = try openStore(try Scratch.directory())
        try await store.append([entry("a", 1, "one")])
        let tenant = TenantID("a")!
        let reads: [@Sendable () async throws -> Void] = [
            { _ = try await store.recent(tenant: tenant, limit: 10, before: nil, filter: EntryFilter()) },
            { _ = try await store.severityCounts(tenant: tenant, before: nil, filter: EntryFilter()) },
        ]
        for read in reads {
            let cancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await read()
            }
            await #expect(throws: ServiceError.cancelled) { try await cancelled.value }
        }
        await store.close()
    }

    @Test("uses WAL journaling")
    func walMode() async throws {
        let directory = try Scratch.directory()
        let store = try openStore(directory)
        try await store.append([entry("a", 1, "x")])
        #expect(FileManager.default.fileExists(atPath: directory + "/entries.sqlite-wal"))
        await store.close()
    }

    @Test("deletes expired entries and their client ids in the background, for every tenant, and keeps the rest")
    func deletesExpiredEntries() async throws {
        let directory = try Scratch.directory()
        let now = Timestamp.now().microseconds
        let day: Int64 = 86_400_000_000
        // Written without retention, so the old entries are really on disk.
        let writer = try openStore(directory)
        try await writer.append((0..<2_500).map { entry("a", now - 10 * day + Int64($0), "old-\($0)") })
        try await writer.append([entry("b", now - 9 * day, "old-b", fingerprint: [1]), entry("b", now - day, "new-b")])
        try await writer.append([entry("a", now - day, "new-a")])

        let store = try openStore(directory, retention: Retention(days: 7))
        let deadline = ContinuousClock.now + .seconds(20)
        // The background purge goes tenant by tenant: wait for both.
        while ContinuousClock.now < deadline {
            let (a, b) = (try await writer.ids("a"), try await writer.ids("b"))
            if a.count <= 1 && b.count <= 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await writer.ids("a") == ["new-a"])
        #expect(try await writer.ids("b") == ["new-b"])
        #expect(try await store.deleteExpired() == 0)
        // The expired entry's client id is free again.
        let again = try await store.append(AppendBatch(entries: [entry("b", now, "old-b", fingerprint: [2])]))
        #expect(again.written == [true])
        await store.close()
        await writer.close()
    }
}
