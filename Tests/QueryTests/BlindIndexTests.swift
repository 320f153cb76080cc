import Bus
import Composition
import Ingest
import Model
import Query
import QueryLanguage
import TestSupport
import Testing

private let reader = Principal(subject: "u", tenant: TenantID("acme")!, roles: [.writer, .reader])

private func write(_ bus: Bus, _ entries: [(message: String, attributes: Attributes)], tenant: String = "acme") async throws {
    let principal = Principal(subject: "u", tenant: TenantID(tenant)!, roles: [.writer, .reader])
    _ = try await bus.request(Topics.ingestPut, IngestRequest(
        principal: principal, entries: entries.map { SubmittedEntry(severity: "info", message: $0.message, attributes: $0.attributes) }))
}

private func query(_ bus: Bus, _ text: String, tenant: String = "acme", limit: Int? = nil, cursor: String? = nil) async throws -> LogPage {
    let principal = Principal(subject: "u", tenant: TenantID(tenant)!, roles: [.reader])
    return try await bus.request(Topics.queryRecent, RecentQuery(principal: principal, limit: limit, cursor: cursor,
                                                                 filter: EntryFilter(query: text)))
}

/// Every message a query answers, following its cursors.
private func allMessages(_ bus: Bus, _ text: String, limit: Int = 1000) async throws -> [String] {
    var messages: [String] = []
    var cursor: String?
    repeat {
        let page = try await query(bus, text, limit: limit, cursor: cursor)
        messages += page.logs.compactMap(\.message)
        cursor = page.nextCursor
    } while cursor != nil
    return messages
}

private func from(_ name: String) -> [(message: String, attributes: Attributes)] {
    [(message: "from \(name)", attributes: ["service.name": .string(name)])]
}

/// The blind indexes (docs/query-language.md#encrypted-indexes), through the real service on SQLite.
@Suite("Blind indexes")
struct BlindIndexTests {
    @Test("an equality on an indexed field reads only its candidates: all found behind more newer entries than a scan may read")
    func readsOnlyCandidates() async throws {
        let (service, _) = try await makeTestService { $0.query.maxScanEntries = 50 }
        try await write(service.bus, (0..<3).map { (message: "checkout \($0)", attributes: ["service.name": .string("checkout")]) })
        for _ in 0..<3 {
            try await write(service.bus, (0..<100).map { (message: "noise \($0)", attributes: ["service.name": .string("cart")]) })
        }
        let indexed = try await query(service.bus, "service.name = checkout")
        #expect(indexed.logs.map(\.message) == ["checkout 2", "checkout 1", "checkout 0"])
        #expect(indexed.nextCursor == nil)
        // The same test on a field no index holds scans, and stops at max_scan_entries with a cursor.
        let scanned = try await query(service.bus, "attributes.service.name = checkout")
        #expect(scanned.logs.isEmpty)
        #expect(scanned.nextCursor != nil)
        await service.shutdown()
    }

    @Test("with one tenant's messages indexed, its words read only their candidates (a message past the word limit too, once); another tenant's still scan")
    func words() async throws {
        let (service, _) = try await makeTestService { $0.query.maxScanEntries = 50; $0.ingest.index.tenants = ["acme": ["message"]] }
        let long = (0..<BlindIndex.maxWordsPerMessage).map { "w\($0)" }.joined(separator: " ") + " Zyzzyva"
        for tenant in ["acme", "globex"] {
            try await write(service.bus, [(message: "Disk-FULL on zyzzyva-1", attributes: [:]), (message: long, attributes: [:])], tenant: tenant)
            for _ in 0..<3 {
                try await write(service.bus, (0..<100).map { (message: "noise \($0) zyzzyvas", attributes: [:]) }, tenant: tenant)
            }
        }
        let indexed = try await query(service.bus, "ZYZZYVA")
        #expect(indexed.logs.map(\.message) == [long, "Disk-FULL on zyzzyva-1"])
        #expect(indexed.nextCursor == nil)
        #expect(try await query(service.bus, "full and disk").logs.map(\.message) == ["Disk-FULL on zyzzyva-1"])
        // The long message carries both the token of its first word and the overflow token: it is answered once.
        #expect(try await query(service.bus, "w0").logs.map(\.message) == [long])
        let scanned = try await query(service.bus, "zyzzyva", tenant: "globex")
        #expect(scanned.logs.isEmpty && scanned.nextCursor != nil, "globex's messages are not indexed: a scan, stopped at max_scan_entries")
        await service.shutdown()
    }

    @Test("finds the entries written before a field was indexed too, newest first, a page at a time; dropping and re-adding it starts anew")
    func entriesBeforeTheIndex() async throws {
        let (before, dataDir) = try await makeTestService { $0.ingest.index.fields = [] }
        try await write(before.bus, from("billing") + from("cart"))
        try await write(before.bus, from("billing"))
        await before.shutdown()

        let (indexed, _) = try await makeTestService({ _ in }, dataDir: dataDir)
        try await write(indexed.bus, from("billing") + from("cart"))
        try await write(indexed.bus, from("billing"))
        #expect(try await allMessages(indexed.bus, "service.name = billing", limit: 1) == Array(repeating: "from billing", count: 4))
        #expect(try await allMessages(indexed.bus, "service.name = billing and not service.name = cart", limit: 3).count == 4)
        await indexed.shutdown()

        let (dropped, _) = try await makeTestService({ $0.ingest.index.fields = [] }, dataDir: dataDir)
        try await write(dropped.bus, from("billing"))
        await dropped.shutdown()
        let (again, _) = try await makeTestService({ _ in }, dataDir: dataDir)
        try await write(again.bus, from("billing"))
        #expect(try await allMessages(again.bus, "service.name = billing", limit: 2).count == 6)
        await again.shutdown()
    }

    @Test("answers every equality as a scan does: strings (canonically equivalent ones alike), numbers of either type, booleans in any case, trace ids, resource attributes")
    func agreesWithScans() async throws {
        let traceA: [UInt8] = Array(0..<16), traceB: [UInt8] = Array(16..<32)
        let values: [AnyValue] = [.int(504), .string("504"), .double(504.0), .double(504.5), .string("x"), .bool(true),
                                  .string("TRUE"), .bool(false), .int(9_007_199_254_740_993), .double(9_007_199_254_740_992),
                                  .string("cafe\u{301}"), .string("caf\u{E9}")]
        let entries: [SubmittedEntry] = values.enumerated().map { index, value in
            SubmittedEntry(severity: "info", payload: EntryPayload(
                message: "v\(index)", attributes: ["status": value], resource: ["service.name": .string(index % 2 == 0 ? "even" : "odd")],
                traceID: index % 3 == 0 ? traceA : traceB))
        }
        let queries = ["status = 504", "status = 504.0", "status = \"504\"", "status = 504.5", "status = x", "status = true",
                       "status = TRUE", "status = false", "status = 9007199254740993", "status = 9007199254740992",
                       "status = 9007199254740993.0", "status = 1e3", "resource.service.name = even", "service.name = odd",
                       "trace_id = \(Hex.encode(traceA))", "status = caf\u{E9}", "status = \"cafe\u{301}\"", "trace_id = \(Hex.encode(traceB)) and status = 504"]
        var answers: [[String]] = []
        for fields in [["status", "resource.service.name", "service.name", "trace_id"], []] {
            let (service, _) = try await makeTestService { $0.ingest.index.fields = []; $0.ingest.index.tenants = ["acme": fields] }
            _ = try await service.bus.request(Topics.ingestPut, IngestRequest(principal: reader, entries: entries))
            var answer: [String] = []
            for text in queries { answer.append(try await allMessages(service.bus, text).joined(separator: ",")) }
            answers.append(answer)
            await service.shutdown()
        }
        for (text, (indexed, scanned)) in zip(queries, zip(answers[0], answers[1])) {
            #expect(indexed == scanned, "\(text)")
        }
        #expect(answers[1][0] == "v2,v1,v0")
        #expect(answers[1][queries.firstIndex(of: "status = caf\u{E9}")!] == "v11,v10")
    }

    @Test("a tenant's tokens find nothing of another tenant's entries with the same value")
    func tenantIsolation() async throws {
        let (service, _) = try await makeTestService()
        try await write(service.bus, from("shared"), tenant: "acme")
        try await write(service.bus, [(message: "globex's", attributes: ["service.name": .string("shared")])], tenant: "globex")
        #expect(try await query(service.bus, "service.name = shared", tenant: "acme").logs.map(\.message) == ["from shared"])
        #expect(try await query(service.bus, "service.name = shared", tenant: "globex").logs.map(\.message) == ["globex's"])
        await service.shutdown()
    }
}
