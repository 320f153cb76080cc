import Bus
import Composition
import Foundation
import GRDB
import Model
import Query
import QueryLanguage
import TestSupport
import Testing

private func principal(_ tenant: String, _ roles: Set<Role> = [.writer, .reader]) -> Principal {
    Principal(subject: "u", tenant: TenantID(tenant)!, roles: roles)
}

private func write(_ bus: Bus, _ messages: [String], tenant: String = "acme") async throws {
    _ = try await bus.request(Topics.ingestPut, IngestRequest(
        principal: principal(tenant), entries: messages.map { SubmittedEntry(severity: "info", message: $0) }))
}

private func page(_ bus: Bus, tenant: String = "acme", limit: Int? = nil, cursor: String? = nil,
                  roles: Set<Role> = [.writer, .reader], filter: EntryFilter = EntryFilter()) async throws -> LogPage {
    try await bus.request(Topics.queryRecent, RecentQuery(principal: principal(tenant, roles), limit: limit, cursor: cursor,
                                                          filter: filter))
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

    @Test("cursors are tamper-evident and bound to the tenant and the filters")
    func cursorBinding() async throws {
        let (service, _) = try await makeTestService()
        try await write(service.bus, (0..<5).map { "m\($0)" }, tenant: "acme")
        try await write(service.bus, (0..<5).map { "g\($0)" }, tenant: "globex")
        let cursor = try #require(try await page(service.bus, limit: 2).nextCursor)
        #expect(try await page(service.bus, limit: 2, cursor: cursor).logs.map(\.message) == ["m2", "m1"])
        var tampered = Array(cursor)
        tampered[3] = tampered[3] == "A" ? "B" : "A"
        for forged in [String(tampered), cursor + "x", String(cursor.dropLast(2))] {
            let error = await #expect(throws: ServiceError.self) { try await page(service.bus, limit: 2, cursor: forged) }
            #expect(error?.code == .invalidRequest)
        }
        let otherTenant = await #expect(throws: ServiceError.self) {
            try await page(service.bus, tenant: "globex", limit: 2, cursor: cursor)
        }
        #expect(otherTenant?.code == .invalidRequest)
        let otherFilter = await #expect(throws: ServiceError.self) {
            try await page(service.bus, limit: 2, cursor: cursor, filter: EntryFilter(minimumSeverity: .debug))
        }
        #expect(otherFilter?.code == .invalidRequest)
        await service.shutdown()
    }

    @Test("q finds a case-insensitive substring of the decrypted messages, newest first, and pages through matches")
    func textSearch() async throws {
        let (service, _) = try await makeTestService()
        try await write(service.bus, ["Disk FULL on db-1", "all good", "disk full on db-2", "cpu hot", "DISK full on db-3"])
        let filter = EntryFilter(text: "disk full")
        let first = try await page(service.bus, limit: 2, filter: filter)
        #expect(first.logs.map(\.message) == ["DISK full on db-3", "disk full on db-2"])
        let cursor: String = try #require(first.nextCursor)
        let second = try await page(service.bus, limit: 2, cursor: cursor, filter: filter)
        #expect(second.logs.map(\.message) == ["Disk FULL on db-1"])
        await service.shutdown()
    }

    @Test("a text search stops at max_scan_entries and hands back a cursor to continue")
    func scanBound() async throws {
        let (service, _) = try await makeTestService { $0.query.maxScanEntries = 100 }
        try await write(service.bus, ["needle"] + (0..<150).map { "hay \($0)" })
        let first = try await page(service.bus, limit: 10, filter: EntryFilter(text: "needle"))
        #expect(first.logs.isEmpty, "the needle is 151st from the top, past the scan bound")
        let cursor = try #require(first.nextCursor)
        let second = try await page(service.bus, limit: 10, cursor: cursor, filter: EntryFilter(text: "needle"))
        #expect(second.logs.map(\.message) == ["needle"])
        #expect(second.nextCursor == nil)
        await service.shutdown()
    }

    @Test("a scan stops in time for the bus to deliver its answer: under a short query.recent timeout_ms it answers what it read with a cursor")
    func busDeadline() async throws {
        let (service, _) = try await makeTestService { config in
            config.query.maxScanSeconds = 3600
            config.bus.routes["query.recent"] = Route(module: "query", concurrency: 8, queue: 8, timeoutMilliseconds: 200)
        }
        try await write(service.bus, ["needle"] + (0..<450).map { "hay \($0)" })
        var (found, cursor, calls): ([String], String?, Int) = ([], nil, 0)
        repeat {
            let answer = try await page(service.bus, limit: 10, cursor: cursor, filter: EntryFilter(query: "needle"))
            found += answer.logs.compactMap(\.message)
            cursor = answer.nextCursor
            calls += 1
        } while cursor != nil && calls < 100
        #expect(found == ["needle"])
        #expect(calls == 5, "200 ms leaves no time past the reply margin: each call reads its first chunk of 100 and answers")
        await service.shutdown()
    }

    @Test("a scan past max_scan_seconds answers what it read with a cursor; the calls that follow read the rest, each entry once",
          arguments: ["| stats count() by message", "| stats count() by message, severity"])
    func timeBudget(query: String) async throws {
        let (service, _) = try await makeTestService { $0.query.maxScanSeconds = 0.000_001 }
        try await write(service.bus, (0..<450).map { "entry \($0 % 7)" })
        let (counts, calls) = try await countEveryCall(service.bus, filter: EntryFilter(query: query))
        #expect(calls == 5, "a chunk of 100 entries per call: the first chunk is always read, then the time is up")
        let suffix = query.hasSuffix("severity") ? " info" : ""
        #expect(counts == Dictionary(uniqueKeysWithValues: (0..<7).map { ("entry \($0)" + suffix, Int64(450 / 7 + ($0 < 450 % 7 ? 1 : 0))) }))
        await service.shutdown()
    }

    @Test("a count the store makes (stats on severity and UTC buckets, under a filter the keys decide) stops at its time budget between slices of time; the calls that follow count the rest, each entry once",
          arguments: ["| stats count() by severity", "| stats count() by bin(1h), severity", "severity >= warning | stats count(time) by severity",
                      "severity >= warning and not severity = error | stats count(time) by severity"])
    func storeCountBudget(query: String) async throws {
        let (service, _) = try await makeTestService { $0.query.maxScanSeconds = 0.000_001 }
        // One entry every 97 seconds for about 12 hours, of rotating severities.
        let start = Timestamp.now().microseconds - 12 * 3_600_000_000
        let entries = (0..<450).map { index in
            SubmittedEntry(severity: Severity.allCases[index % 5].name, message: "entry \(index)",
                           timestamp: Timestamp(microseconds: start + Int64(index) * 97_000_000).rfc3339)
        }
        _ = try await service.bus.request(Topics.ingestPut, IngestRequest(principal: principal("acme"), entries: entries))
        let (counts, calls) = try await countEveryCall(service.bus, filter: EntryFilter(query: query))
        let minimum: Severity = query.hasPrefix("severity") ? .warning : .debug
        let excluded: Severity? = query.contains("not severity = error") ? .error : nil
        let hours = try #require(TimeBinning(seconds: 3600, zone: nil))
        var expected: [String: Int64] = [:]
        for (index, entry) in entries.enumerated() where Severity.allCases[index % 5] >= minimum && Severity.allCases[index % 5] != excluded {
            let bucket = hours.bucket(of: Timestamp(microseconds: start + Int64(index) * 97_000_000)).label
            expected[(query.contains("bin") ? bucket + " " : "") + entry.severity, default: 0] += 1
        }
        #expect(counts == expected)
        #expect(calls > 3, "each call counts one slice of time: the first is always counted, then the time is up")
        await service.shutdown()
    }

    /// Follows every cursor of a `stats` query; the counts of each row (the groups' cells joined by spaces), summed
    /// across calls, and how many calls it took.
    private func countEveryCall(_ bus: Bus, filter: EntryFilter) async throws -> ([String: Int64], Int) {
        var counts: [String: Int64] = [:]
        var cursor: String?
        var calls = 0
        repeat {
            let answer = try await page(bus, cursor: cursor, filter: filter)
            for row in answer.table?.rows ?? [] {
                let groups = row.dropLast().map { cell in
                    if case .string(let text)? = cell { text } else { "?" }
                }
                if case .int(let count)? = row.last { counts[groups.joined(separator: " "), default: 0] += count }
            }
            cursor = answer.nextCursor
            calls += 1
        } while cursor != nil && calls < 1000
        return (counts, calls)
    }
}
