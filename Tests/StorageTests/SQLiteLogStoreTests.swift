import Foundation
import Logging
import Model
import Storage
import TestSupport
import Testing


private func entry(_ tenant: String, _ micros: Int64, _ id: String, _ payload: String = "x") -> StoredEntry {
    StoredEntry(tenant: TenantID(tenant)!, key: EntryKey(timestamp: Timestamp(microseconds: micros), id: id),
                severity: .info, sealed: SealedMessage(bytes: Array(payload.utf8)))
}

private func openStore(_ directory: String) throws -> SQLiteLogStore {
    try SQLiteLogStore(path: directory + "/entries.sqlite", logger: quietLogger())
}

@Suite("The SQLite store")
struct SQLiteLogStoreTests {
    @Test("returns a tenant's entries newest first (timestamp, then id), paging with a cursor")
    func orderingAndPaging() async throws {
        let store = try openStore(try Scratch.directory())
        try await store.append([entry("a", 10, "x"), entry("a", 30, "b"), entry("a", 30, "c"), entry("a", 20, "y")])
        let first = try await store.recent(tenant: TenantID("a")!, limit: 3, before: nil, filter: EntryFilter())
        #expect(first.entries.map(\.key.id) == ["c", "b", "y"])
        #expect(first.next == EntryKey(timestamp: Timestamp(microseconds: 20), id: "y"))
        let second = try await store.recent(tenant: TenantID("a")!, limit: 3, before: first.next, filter: EntryFilter())
        #expect(second.entries.map(\.key.id) == ["x"])
        #expect(second.next == nil)
        await store.close()
    }

    @Test("never returns another tenant's entries")
    func tenantIsolation() async throws {
        let store = try openStore(try Scratch.directory())
        try await store.append([entry("a", 1, "a1"), entry("b", 2, "b1")])
        let page = try await store.recent(tenant: TenantID("a")!, limit: 100, before: nil, filter: EntryFilter())
        #expect(page.entries.map(\.key.id) == ["a1"])
        await store.close()
    }

    @Test("stores a batch all or nothing: a duplicate key fails its whole batch, not the others")
    func allOrNothing() async throws {
        let store = try openStore(try Scratch.directory())
        try await store.append([entry("a", 1, "one")])
        await #expect(throws: ServiceError.self) {
            try await store.append([entry("a", 2, "two"), entry("a", 1, "one")])
        }
        try await store.append([entry("a", 3, "three")])
        let page = try await store.recent(tenant: TenantID("a")!, limit: 100, before: nil, filter: EntryFilter())
        #expect(page.entries.map(\.key.id) == ["three", "one"])
        await store.close()
    }

    @Test("groups concurrent writers into shared commits and keeps every entry")
    func groupCommit() async throws {
        let store = try openStore(try Scratch.directory())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<50 {
                group.addTask {
                    try await store.append((0..<20).map { entry("a", Int64(writer * 100 + $0), "w\(writer)-\($0)") })
                }
            }
            try await group.waitForAll()
        }
        let page = try await store.recent(tenant: TenantID("a")!, limit: 2000, before: nil, filter: EntryFilter())
        #expect(page.entries.count == 1000)
        #expect(Set(page.entries.map(\.key.id)).count == 1000)
        await store.close()
    }

    @Test("keeps entries across close and reopen, with the sealed bytes intact")
    func durability() async throws {
        let directory = try Scratch.directory()
        let store = try openStore(directory)
        try await store.append([entry("a", 5, "kept", "sealed-bytes")])
        await store.close()
        let reopened = try openStore(directory)
        let page = try await reopened.recent(tenant: TenantID("a")!, limit: 10, before: nil, filter: EntryFilter())
        #expect(page.entries == [entry("a", 5, "kept", "sealed-bytes")])
        await reopened.close()
    }

    @Test("uses WAL journaling")
    func walMode() async throws {
        let directory = try Scratch.directory()
        let store = try openStore(directory)
        try await store.append([entry("a", 1, "x")])
        #expect(FileManager.default.fileExists(atPath: directory + "/entries.sqlite-wal"))
        await store.close()
    }

    @Test("filters by minimum severity and by time range (since inclusive, until exclusive), also across pages")
    func filters() async throws {
        let store = try openStore(try Scratch.directory())
        func entry(_ micros: Int64, _ severity: Severity) -> StoredEntry {
            StoredEntry(tenant: TenantID("a")!, key: EntryKey(timestamp: Timestamp(microseconds: micros), id: "e\(micros)"),
                        severity: severity, sealed: SealedMessage(bytes: [1]))
        }
        try await store.append([entry(10, .debug), entry(20, .error), entry(30, .info), entry(40, .critical), entry(50, .warning)])
        let severe = try await store.recent(tenant: TenantID("a")!, limit: 10, before: nil,
                                            filter: EntryFilter(minimumSeverity: .warning))
        #expect(severe.entries.map(\.key.id) == ["e50", "e40", "e20"])
        let window = EntryFilter(since: Timestamp(microseconds: 20), until: Timestamp(microseconds: 50))
        let first = try await store.recent(tenant: TenantID("a")!, limit: 2, before: nil, filter: window)
        #expect(first.entries.map(\.key.id) == ["e40", "e30"])
        let second = try await store.recent(tenant: TenantID("a")!, limit: 2, before: first.next, filter: window)
        #expect(second.entries.map(\.key.id) == ["e20"])
        #expect(second.next == nil)
        await store.close()
    }
}
