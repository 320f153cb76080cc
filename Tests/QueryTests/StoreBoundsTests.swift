import Model
@testable import Query
import QueryLanguage
import Testing

private func bounds(_ query: String, now: Int64 = 1_796_000_000_000_000) throws -> StoreBounds {
    StoreBounds(try QueryParser.parse(query).filter, now: Timestamp(microseconds: now))
}

@Suite("What a filter lets the store skip by the entry keys alone")
struct StoreBoundsTests {
    @Test("severity and time tests joined by and narrow the store's range; or and not narrow nothing", arguments: [
        ("severity >= warning", Severity.warning, Int64?.none, Int64?.none),
        ("severity > warning and severity >= info", .error, nil, nil),
        ("time >= 2026-11-30T00:53:20Z and time < 2026-11-30T00:53:21Z", nil, 1_796_000_000_000_000, 1_796_000_001_000_000),
        ("time > 2026-11-30T00:53:20.0000005Z", nil, 1_796_000_000_000_000, nil),
        ("time < 2026-11-30T00:53:20.0000005Z", nil, nil, 1_796_000_000_000_001),
        ("time <= 2026-11-30T00:53:20Z", nil, nil, 1_796_000_000_000_001),
        ("time:1m", nil, 1_795_999_940_000_000, 1_796_000_000_000_001),
        ("time:1h and time:1m and severity >= error", .error, 1_795_999_940_000_000, 1_796_000_000_000_001),
        ("severity >= error or timeout", nil, nil, nil),
        ("not severity < error", nil, nil, nil),
        ("severity = error", .error, nil, nil),
        ("timeout service.name = checkout", nil, nil, nil),
    ])
    func narrowing(query: String, minimum: Severity?, since: Int64?, until: Int64?) throws {
        let found = try bounds(query)
        #expect(found.minimumSeverity == minimum)
        #expect(found.since == since)
        #expect(found.until == until)
    }

    @Test("the bounds alone decide a filter only when the keys answer it exactly", arguments: [
        ("severity >= warning", true), ("time:15m and severity > info", true),
        ("time >= 2026-11-30T00:53:20Z and time < 2026-11-30T01:00:00Z", true),
        ("time >= 2026-11-30T00:53:20.0000005Z", false), ("time > 2026-11-30T00:53:20Z", false),
        ("severity = error", false), ("severity >= error or severity < info", false), ("timeout", false),
        ("severity > critical", false),
    ])
    func decides(query: String, decided: Bool) throws {
        #expect(StoreBounds.decide(try QueryParser.parse(query).filter) == decided)
    }

    @Test("a count by severity within the bounds answers a filter whose every and part the bounds decide or tests the severity alone",
          arguments: [
              ("severity = error", true), ("time:1h and (severity = error or severity = critical)", true),
              ("severity > critical and time >= 2026-11-30T00:53:20Z", true), ("not severity = info", true),
              ("severity = error or time:1h", false), ("time > 2026-11-30T00:53:20Z", false), ("id = x", false),
              ("severity = error and timeout", false),
          ])
    func decidesBySeverity(query: String, decided: Bool) throws {
        #expect(StoreBounds.decideBySeverity(try QueryParser.parse(query).filter) == decided)
    }

    @Test("a filter on severity, time and id reads the keys only; one on the message or an attribute does not",
          arguments: [("severity = error or id = x", true), ("not time > 2026-11-30T00:53:20Z", true), ("timeout", false),
                      ("severity = error and service.name = a", false)])
    func readsKeysOnly(query: String, keysOnly: Bool) throws {
        #expect(StoreBounds.readsKeysOnly(try QueryParser.parse(query).filter) == keysOnly)
    }
}
