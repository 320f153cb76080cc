import Model
import QueryLanguage
import Testing

private func entry(_ time: String, _ severity: Severity = .info, _ attributes: Attributes = [:]) throws -> LogEntry {
    LogEntry(id: time, timestamp: try #require(Timestamp(rfc3339: time)), severity: severity,
             payload: EntryPayload(message: "m", attributes: attributes))
}

/// The table of `query`'s stats pipe (and the sort, limit and fields after it) over `entries`.
private func table(_ query: String, _ entries: [LogEntry]) throws -> QueryTable {
    let parsed = try QueryParser.parse(query)
    guard case .stats(let aggregates, let groups) = try #require(parsed.pipes.first) else {
        Issue.record("\(query) has no stats")
        return QueryTable(columns: [], rows: [])
    }
    var stats = try #require(StatsAggregation(aggregates: aggregates, groups: groups))
    for entry in entries { stats.add(entry) }
    var (order, limit, fields): ([SortKey], Int?, [QueryField]?) = ([], nil, nil)
    for pipe in parsed.pipes.dropFirst() {
        switch pipe {
        case .sort(let keys): order = keys
        case .limit(let count): limit = count
        case .fields(let names): fields = names
        case .stats: break
        }
    }
    return stats.table(order: order, limit: limit, fields: fields)
}

private func cells(_ table: QueryTable) -> [[String]] {
    table.rows.map { row in
        row.map { cell in
            switch cell {
            case nil: "null"
            case .string(let text)?: text
            case .int(let number)?: String(number)
            case .double(let number)?: String(number)
            case let other?: "\(other)"
            }
        }
    }
}

/// Europe/Paris went back from 03:00 CEST to 02:00 CET at 2026-10-25T01:00:00Z.
private let aroundFallBack = ["2026-10-24T21:59:59Z", "2026-10-24T22:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z",
                              "2026-10-25T22:59:59Z", "2026-10-25T23:00:00Z"]

@Suite("The query language: stats tables and time buckets")
struct StatsAggregationTests {
    @Test("buckets without a zone align to the epoch in UTC, whatever offset the entries were written at")
    func utcBuckets() throws {
        let entries = try ["2026-12-01T10:04:59.999999Z", "2026-12-01T11:05:00+01:00", "2026-12-01T10:09:59Z", "2026-12-01T10:10:00Z"]
            .map { try entry($0) }
        #expect(cells(try table("| stats count() by bin(5m)", entries)) == [
            ["2026-12-01T10:00:00.000000Z", "1"], ["2026-12-01T10:05:00.000000Z", "2"], ["2026-12-01T10:10:00.000000Z", "1"],
        ])
        #expect(cells(try table("| stats count() by bin(1w)", [try entry("2026-10-25T12:00:00Z")])) == [["2026-10-22T00:00:00.000000Z", "1"]],
                "a week from the epoch starts on a Thursday")
    }

    @Test("with a time zone, the hour repeated when the clocks go back is two buckets, told apart by their offset")
    func repeatedHour() throws {
        let entries = try aroundFallBack.map { try entry($0) }
        #expect(cells(try table("| stats count() by bin(1h, Europe/Paris)", entries)) == [
            ["2026-10-24T23:00:00.000000+02:00", "1"], ["2026-10-25T00:00:00.000000+02:00", "1"],
            ["2026-10-25T02:00:00.000000+02:00", "1"], ["2026-10-25T02:00:00.000000+01:00", "1"],
            ["2026-10-25T23:00:00.000000+01:00", "1"], ["2026-10-26T00:00:00.000000+01:00", "1"],
        ])
        #expect(cells(try table("| stats count() by bin(1h)", Array(entries[2...3]))) == [
            ["2026-10-25T00:00:00.000000Z", "1"], ["2026-10-25T01:00:00.000000Z", "1"],
        ])
    }

    @Test("calendar days of a zone start at local midnight and last 25 hours on the day the clocks go back; weeks start on Monday")
    func calendarDays() throws {
        let entries = try aroundFallBack.map { try entry($0) }
        #expect(cells(try table("| stats count() by bin(1d, Europe/Paris)", entries)) == [
            ["2026-10-24T00:00:00.000000+02:00", "1"], ["2026-10-25T00:00:00.000000+02:00", "4"],
            ["2026-10-26T00:00:00.000000+01:00", "1"],
        ])
        #expect(cells(try table("| stats count() by bin(1w, Europe/Paris)", entries)) == [
            ["2026-10-19T00:00:00.000000+02:00", "5"], ["2026-10-26T00:00:00.000000+01:00", "1"],
        ])
        #expect(cells(try table("| stats count() by bin(1h, America/St_Johns)", [try entry("2026-12-01T12:00:00Z")])) == [
            ["2026-12-01T08:00:00.000000-03:30", "1"],
        ])
    }

    @Test("aggregates over typed values: numbers only for min, max, sum and avg; null where there were none")
    func aggregates() throws {
        let entries = try [
            entry("2026-12-01T10:00:00Z", .info, ["n": 3, "user": "a"]),
            entry("2026-12-01T10:00:01Z", .error, ["n": 4.5, "user": "b"]),
            entry("2026-12-01T10:00:02Z", .error, ["n": "seven", "user": "a"]),
            entry("2026-12-01T10:00:03Z", .info, ["user": 1]),
        ]
        #expect(cells(try table("| stats count(), count(n), count_distinct(user), min(n), max(n), sum(n), avg(n), sum(user)", entries))
            == [["4", "3", "3", "3", "4.5", "7.5", "3.75", "1"]])
        #expect(cells(try table("| stats sum(n) as total, min(missing) by severity", entries)) == [["info", "3", "null"], ["error", "4.5", "null"]])
        #expect(cells(try table("| stats count() by n", entries)) == [["3", "1"], ["4.5", "1"], ["seven", "1"], ["null", "1"]],
                "numbers, then strings, then entries without the field")
    }

    @Test("sort, limit and fields after stats work on the table's columns")
    func shaping() throws {
        let entries = try (0..<9).map { index in try entry("2026-12-01T10:00:0\(index)Z", .info, ["service": .string("s\(index % 3)"), "n": .int(Int64(index))]) }
        #expect(cells(try table("| stats sum(n) as total, count() by service | sort by total desc | limit 2 | fields total, service", entries))
            == [["15", "s2"], ["12", "s1"]])
    }

    @Test("an integer sum that would overflow becomes a double")
    func overflow() throws {
        let entries = try [entry("2026-12-01T10:00:00Z", .info, ["n": .int(.max)]), entry("2026-12-01T10:00:01Z", .info, ["n": 1])]
        #expect(try table("| stats sum(n)", entries).rows == [[.double(Double(Int64.max) + 1)]])
    }

    @Test("an entry added n times at once (how the store's counts join a table) makes the table n single adds make",
          arguments: [3, Int64.max / 2] as [Int64])
    func weighted(value: Int64) throws {
        let query = "| stats count(), count(n), count_distinct(n), min(n), max(n), sum(n), avg(n), sum(d) by severity"
        guard case .stats(let aggregates, let groups) = try QueryParser.parse(query).pipes.first else {
            Issue.record("no stats")
            return
        }
        let entries = try [entry("2026-12-01T10:00:00Z", .info, ["n": .int(value), "d": 0.5]), entry("2026-12-01T10:00:01Z", .error, ["n": 2])]
        var (single, weighted) = try (#require(StatsAggregation(aggregates: aggregates, groups: groups)),
                                      #require(StatsAggregation(aggregates: aggregates, groups: groups)))
        for (entry, times) in zip(entries, [3, 2]) {
            for _ in 0..<times { single.add(entry) }
            weighted.add(entry, times: times)
        }
        #expect(weighted.table() == single.table())
        #expect(weighted.heldBytes == single.heldBytes)
    }

    @Test("held bytes count groups and distinct values: what bounds a stats query's memory")
    func heldValues() throws {
        guard case .stats(let aggregates, let groups) = try QueryParser.parse("| stats count_distinct(user) by service").pipes.first else {
            Issue.record("no stats")
            return
        }
        var stats = try #require(StatsAggregation(aggregates: aggregates, groups: groups))
        for (service, user) in [("a", "u1"), ("a", "u2"), ("a", "u1"), ("b", "u1")] {
            stats.add(try entry("2026-12-01T10:00:00Z", .info, ["service": .string(service), "user": .string(user)]))
        }
        // Groups a and b: 64 + 1 each; distinct users u1, u2 of a and u1 of b: 32 + 2 each.
        #expect(stats.heldBytes == 2 * 65 + 3 * 34)
    }
}

@Suite("Time zones of time buckets")
struct TimeZoneNameTests {
    @Test("IANA names are taken; nothing else reaches the zoneinfo files", arguments: [
        ("Europe/Paris", true), ("UTC", true), ("Etc/GMT+5", true), ("America/Argentina/Buenos_Aires", true),
        ("America/Port-au-Prince", true), ("../../../../dev/zero", false), ("Europe/../../../dev/zero", false),
        ("/etc/localtime", false), ("Europe//Paris", false), ("Europe/Paris/", false), ("Europe/.hidden", false), ("", false),
        (String(repeating: "A", count: 65), false), ("Europe/Pa ris", false), ("Mars/Olympus", false),
    ])
    func zoneNames(name: String, taken: Bool) {
        #expect((TimeBinning(seconds: 3600, zone: name) != nil) == taken)
    }
}
