import Foundation
import Model
import QueryLanguage
import TestSupport
import Testing

/// SplitMix64: a generator a seed reproduces, printed with every failure.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random entries, and random queries over the fields they have.
private struct Corpus {
    static let words = ["alpha", "beta", "gamma", "timeout", "retry", "disk"]
    static let services = ["checkout", "search", "billing", "auth"]
    static let statuses = [200, 404, 500, 503]

    /// Each entry as the reference sees it, and as it is sent.
    var entries: [(entry: LogEntry, json: String)] = []
    /// The first microsecond of the hour the entries fall in.
    let start: Int64

    init(count: Int, now: Timestamp, using random: inout SeededGenerator) {
        start = now.microseconds - 3_600_000_000
        for index in 0..<count {
            // Several entries share a microsecond, so pages must split ties without skipping or repeating.
            let micros = start + Int64.random(in: 0..<400, using: &random) * 9_000_000 + Int64(index % 3)
            let severity = Severity.allCases.randomElement(using: &random) ?? .info
            let message = "entry \(index) " + (0..<2).map { _ in Corpus.words.randomElement(using: &random) ?? "" }.joined(separator: " ")
            let service = Corpus.services.randomElement(using: &random) ?? ""
            let status = Corpus.statuses.randomElement(using: &random) ?? 200
            let duration = Double(Int.random(in: 0..<2000, using: &random)) / 4
            var payload = EntryPayload(message: message, attributes: ["service.name": .string(service), "status": .int(Int64(status)),
                                                                      "duration_ms": .double(duration)])
            if index % 5 == 0 { payload.attributes["user.id"] = .string("u-\(index % 7)") }
            let timestamp = Timestamp(microseconds: micros)
            var attributes = #""service.name": "\#(service)", "status": \#(status), "duration_ms": \#(duration)"#
            if let user = payload.attributes["user.id"]?.string { attributes += #", "user.id": "\#(user)""# }
            let json = #"{"severity": "\#(severity.name)", "message": "\#(message)", "timestamp": "\#(timestamp.rfc3339)", "attributes": {\#(attributes)}}"#
            entries.append((LogEntry(id: "\(index)", timestamp: timestamp, severity: severity, payload: payload), json))
        }
    }

    /// A random filter, at most `depth` levels deep.
    func filter(depth: Int, using random: inout SeededGenerator) -> String {
        if depth > 0, Int.random(in: 0..<3, using: &random) == 0 {
            let left = filter(depth: depth - 1, using: &random)
            let right = filter(depth: depth - 1, using: &random)
            return ["(\(left) and \(right))", "(\(left) or \(right))", "not (\(left))", "\(left) \(right)"]
                .randomElement(using: &random) ?? left
        }
        let comparisons = ["=", "!=", "<", "<=", ">", ">="]
        let minute = { (random: inout SeededGenerator) in Timestamp(microseconds: start + Int64.random(in: 0..<60, using: &random) * 60_000_000).rfc3339 }
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return Corpus.words.randomElement(using: &random) ?? ""
        case 1: return "\"\(Corpus.words.randomElement(using: &random) ?? "") \(Corpus.words.randomElement(using: &random) ?? "")\""
        case 2: return "severity \(comparisons.randomElement(using: &random) ?? "=") \(Severity.allCases.randomElement(using: &random)?.name ?? "info")"
        case 3: return "service.name = \(Corpus.services.randomElement(using: &random) ?? "")"
        case 4: return "status \(comparisons.randomElement(using: &random) ?? "=") \(Corpus.statuses.randomElement(using: &random) ?? 200)"
        case 5: return "duration_ms \(comparisons.randomElement(using: &random) ?? "<") \(Int.random(in: 0..<500, using: &random))"
        case 6: return "time \([">=", "<", ">", "<="].randomElement(using: &random) ?? ">=") \(minute(&random))"
        case 7: return "time:[\(minute(&random)), \(minute(&random)))"
        case 8: return ["user.id:*", "user.id = u-3", "user.id = \"u-\"*", "message =~ \"entry 1[0-9]* (alpha|beta)\""]
            .randomElement(using: &random) ?? ""
        default: return "ti*"
        }
    }

    /// A random filter of severity and time tests joined by `and`, which the entry keys decide: under it, `stats` on
    /// severity and time buckets is counted by the store.
    func keyFilter(using random: inout SeededGenerator) -> String {
        let minute = { (random: inout SeededGenerator) in Timestamp(microseconds: start + Int64.random(in: 0..<60, using: &random) * 60_000_000).rfc3339 }
        let severity = { (random: inout SeededGenerator) in
            "severity \(["=", "!=", "<", "<=", ">", ">="].randomElement(using: &random) ?? ">=") \(Severity.allCases.randomElement(using: &random)?.name ?? "info")"
        }
        return (0..<Int.random(in: 1...3, using: &random)).map { _ in
            switch Int.random(in: 0..<5, using: &random) {
            case 0: severity(&random)
            case 1: "(\(severity(&random)) or not \(severity(&random)))"
            case 2: "time >= \(minute(&random))"
            case 3: "time < \(minute(&random))"
            default: "time:[\(minute(&random)), \(minute(&random)))"
            }
        }.joined(separator: " and ")
    }
}

/// Pages through `GET /logs?query=` with pages of `limit`; the messages in answer order.
private func everyPage(_ server: RunningServer, token: String, query: String, limit: Int) async throws -> [String] {
    var messages: [String] = []
    var cursor: String?
    var pages = 0
    repeat {
        var path = "/logs?limit=\(limit)&query=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        if let cursor { path += "&cursor=\(cursor)" }
        let page = try await server.request("GET", path, token: token)
        try #require(page.status == 200, "\(query): \(String(decoding: page.body, as: UTF8.self))")
        messages += page.messages.compactMap { $0 }
        cursor = page.json["nextCursor"] as? String
        pages += 1
    } while cursor != nil && pages < 1000
    return messages
}

@Suite("The planner answers what the reference evaluator does, on both stores", .serialized)
struct QueryPlannerPropertyTests {
    /// For random entries and random queries, the entries `GET /logs?query=` pages through (the planner: bounds
    /// pushed to the store, scans, cursors) are exactly those `QueryFilter.matches` passes, newest first.
    /// `queries` queries, each read in pages of at least `smallestPage` entries.
    func check(_ server: RunningServer, token: String, seed: UInt64, queries: Int, smallestPage: Int) async throws {
        var random = SeededGenerator(state: seed)
        let corpus = Corpus(count: 240, now: .now(), using: &random)
        let body = "[" + corpus.entries.map(\.json).joined(separator: ", ") + "]"
        let stored = try await server.request("POST", "/logs", token: token, body: body)
        try #require(stored.status == 201, "\(String(decoding: stored.body, as: UTF8.self))")
        for _ in 0..<queries {
            let query = corpus.filter(depth: 3, using: &random)
            let filter = try #require(try QueryParser.parse(query).filter)
            let now = Timestamp.now()
            let expected = corpus.entries.map(\.entry).filter { filter.matches($0, now: now) }
            let answered = try await everyPage(server, token: token, query: query, limit: Int.random(in: smallestPage...40, using: &random))
            #expect(Set(answered) == Set(expected.compactMap(\.message)), "seed \(seed): \(query)")
            #expect(answered.count == expected.count, "seed \(seed): \(query): an entry skipped or repeated")
            let order = answered.compactMap { message in corpus.entries.first { $0.entry.message == message }?.entry.timestamp }
            #expect(order == order.sorted(by: >), "seed \(seed): \(query): not newest first")
            if Bool.random(using: &random) { try await checkPipes(server, token: token, query: query, expected: expected, seed: seed) }
            let keys = corpus.keyFilter(using: &random)
            let keyFilter = try #require(try QueryParser.parse(keys).filter)
            try await checkCounts(server, token: token, query: keys, expected: corpus.entries.map(\.entry).filter { keyFilter.matches($0, now: now) },
                                  seed: seed)
        }
    }

    /// `| stats count() by bin(5m), severity` (which the store counts, under a filter the keys decide): the tables
    /// of every call, following the cursor (a call may stop at its time budget, between slices of time), count the
    /// reference's entries by bucket and severity.
    func checkCounts(_ server: RunningServer, token: String, query: String, expected: [LogEntry], seed: UInt64) async throws {
        var counted: [String: Int] = [:]
        var cursor: String?
        var calls = 0
        repeat {
            let body = ["query": query + " | stats count() by bin(5m), severity"].merging(cursor.map { ["cursor": $0] } ?? [:]) { a, _ in a }
            let stats = try await server.request("POST", "/logs/query", token: token, body: try String(decoding: JSONSerialization.data(
                withJSONObject: body), as: UTF8.self))
            try #require(stats.status == 200, "\(String(decoding: stats.body, as: UTF8.self))")
            for row in stats.json["rows"] as? [[Any]] ?? [] {
                counted["\(row[0]) \(row[1])", default: 0] += row[2] as? Int ?? 0
            }
            cursor = stats.json["nextCursor"] as? String
            calls += 1
        } while cursor != nil && calls < 100
        let buckets = try #require(TimeBinning(seconds: 300, zone: nil))
        var reference: [String: Int] = [:]
        for entry in expected {
            reference["\(buckets.bucket(of: entry.timestamp).label) \(entry.severity.name)", default: 0] += 1
        }
        #expect(counted == reference, "seed \(seed): \(query) | stats by bin(5m)")
    }

    /// `| stats` and `| sort` after the same filter: the table counts the reference's entries by severity and
    /// service, and the sorted answer is the reference's entries in `EntryOrder`.
    func checkPipes(_ server: RunningServer, token: String, query: String, expected: [LogEntry], seed: UInt64) async throws {
        let stats = try await server.request("POST", "/logs/query", token: token, body: try String(decoding: JSONSerialization.data(
            withJSONObject: ["query": query + " | stats count() by severity, service.name"]), as: UTF8.self))
        try #require(stats.status == 200, "\(String(decoding: stats.body, as: UTF8.self))")
        var counted: [String: Int] = [:]
        for row in stats.json["rows"] as? [[Any]] ?? [] {
            counted["\(row[0]) \(row[1])"] = row[2] as? Int
        }
        var reference: [String: Int] = [:]
        for entry in expected {
            let service = entry.attributes["service.name"] ?? entry.payload?.resource["service.name"]
            reference["\(entry.severity.name) \(service?.string ?? "<null>")", default: 0] += 1
        }
        #expect(counted == reference, "seed \(seed): \(query) | stats")
        #expect(stats.json["nextCursor"] is NSNull, "seed \(seed): \(query) | stats")

        let sorted = try await server.request("POST", "/logs/query", token: token, body: try String(decoding: JSONSerialization.data(
            withJSONObject: ["query": query + " | sort by duration_ms desc, severity | limit 7"]), as: UTF8.self))
        try #require(sorted.status == 200, "\(String(decoding: sorted.body, as: UTF8.self))")
        let order = EntryOrder([SortKey(field: .attribute("duration_ms"), descending: true), SortKey(field: .severity, descending: false)])
        #expect(sorted.messages.compactMap { $0 } == expected.sorted(by: order.precedes).prefix(7).compactMap(\.message),
                "seed \(seed): \(query) | sort")
    }

    @Test("on SQLite")
    func onSQLite() async throws {
        let server = try await RunningServer.start()
        let token = try await server.token()
        try await check(server, token: token, seed: UInt64.random(in: 0...UInt64.max), queries: 60, smallestPage: 3)
        _ = try await server.stop()
    }

    /// Words are then read through the index of the message's words, alone or with an indexed equality.
    @Test("on SQLite, with the words of messages indexed")
    func onSQLiteWithWords() async throws {
        let config = try wordsIndexedConfig()
        let server = try await RunningServer.start(arguments: ["--config", config])
        let token = try await server.token(arguments: ["--config", config])
        try await check(server, token: token, seed: UInt64.random(in: 0...UInt64.max), queries: 40, smallestPage: 3)
        _ = try await server.stop()
    }

    /// Fewer queries and larger pages than on SQLite: moto answers slowly, one request at a time.
    @Test("on DynamoDB (moto)")
    func onDynamoDB() async throws {
        let endpoint = try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"],
                                    "MOTO_ENDPOINT is not set: run scripts/test, which starts moto server")
        let table = "planner-\(UUID().uuidString.prefix(8))"
        let config = try kmsConfig(keyID: try await createKMSKey(endpoint), endpoint: endpoint, extra: """
            storage: {backend: dynamodb, dynamodb: {table: \(table), region: us-east-1, endpoint: "\(endpoint)", shards: 3}}

            """)
        let created = try await Command.run(RunningServer.binary, ["storage", "create-table", "--config", config], environment: awsEnvironment())
        try #require(created.status == 0, "\(created.output)")
        let server = try await RunningServer.start(arguments: ["--config", config], environment: awsEnvironment())
        let token = try await server.token(arguments: ["--config", config], environment: awsEnvironment())
        try await check(server, token: token, seed: UInt64.random(in: 0...UInt64.max), queries: 20, smallestPage: 10)
        _ = try await server.stop()
    }
}
