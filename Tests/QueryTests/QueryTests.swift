import Bus
import Composition
import Foundation
import GRDB
import Model
import TestSupport
import Testing

private func principal(_ tenant: String, _ roles: Set<Role> = []) -> Principal {
    Principal(subject: "u", tenant: TenantID(tenant)!, roles: roles)
}

private func write(_ bus: Bus, _ messages: [String], tenant: String = "acme") async throws {
    _ = try await bus.request(Topics.ingestPut, IngestRequest(
        principal: principal(tenant), entries: messages.map { SubmittedEntry(severity: "info", message: $0) }))
}

private func page(_ bus: Bus, tenant: String = "acme", limit: Int? = nil, cursor: String? = nil,
                  roles: Set<Role> = []) async throws -> LogPage {
    try await bus.request(Topics.queryRecent, RecentQuery(principal: principal(tenant, roles), limit: limit, cursor: cursor))
}

@Suite("Query")
struct QueryTests {
    @Test("returns the 100 most recent entries by default, newest first, then pages through the rest")
    func defaultPageAndCursor() async throws {
        let (service, _) = try await makeTestService()
        try await write(service.bus, (0..<150).map { "message \($0)" })
        let first = try await page(service.bus)
        #expect(first.logs.count == 100)
        #expect(first.logs.first?.message == "message 149")
        #expect(first.logs.last?.message == "message 50")
        let cursor = try #require(first.nextCursor)
        let second = try await page(service.bus, cursor: cursor)
        #expect(second.logs.map(\.message) == (0..<50).reversed().map { "message \($0)" })
        #expect(second.nextCursor == nil)
        await service.shutdown()
    }

    @Test("never shows one tenant's entries to another")
    func tenantIsolation() async throws {
        let (service, _) = try await makeTestService()
        try await write(service.bus, ["acme secret"], tenant: "acme")
        try await write(service.bus, ["globex note"], tenant: "globex")
        #expect(try await page(service.bus, tenant: "globex").logs.map(\.message) == ["globex note"])
        #expect(try await page(service.bus, tenant: "initech").logs.isEmpty)
        await service.shutdown()
    }

    @Test("rejects limits outside 1...1000 and cursors it did not issue", arguments: [
        (Optional(0), Optional<String>.none), (1001, nil), (-5, nil), (nil, "garbage!"), (nil, "djE6MTIz"),
    ])
    func invalidParameters(limit: Int?, cursor: String?) async throws {
        let (service, _) = try await makeTestService()
        let error = await #expect(throws: ServiceError.self) { try await page(service.bus, limit: limit, cursor: cursor) }
        #expect(error?.code == .invalidRequest)
        await service.shutdown()
    }

    @Test("refuses reads from a writer")
    func writersCannotRead() async throws {
        let (service, _) = try await makeTestService()
        let error = await #expect(throws: ServiceError.self) { try await page(service.bus, roles: [.writer]) }
        #expect(error?.code == .forbidden)
        await service.shutdown()
    }

    @Test("reports a tampered row as decryption_failed while the other entries still read")
    func tamperedRow() async throws {
        let (service, dataDir) = try await makeTestService()
        try await write(service.bus, ["intact", "to be damaged"])
        let database = try DatabaseQueue(path: dataDir + "/entries.sqlite")
        try await database.write { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT id, sealed FROM entries ORDER BY ts DESC LIMIT 1"))
            var sealed: Data = row["sealed"]
            sealed[sealed.count - 20] ^= 0x40
            try db.execute(sql: "UPDATE entries SET sealed = ? WHERE id = ?", arguments: [sealed, row["id"] as String])
        }
        let logs = try await page(service.bus).logs
        #expect(logs.count == 2)
        #expect(logs[0].message == nil)
        #expect(logs[0].failure?.code == .decryptionFailed)
        #expect(logs[1].message == "intact")
        try await database.write { db in try db.execute(sql: "UPDATE entries SET severity = 40") }
        #expect(try await page(service.bus).logs.allSatisfy { $0.failure?.code == .decryptionFailed })
        await service.shutdown()
    }
}
