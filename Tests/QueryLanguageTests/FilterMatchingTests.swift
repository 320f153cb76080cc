import Model
import QueryLanguage
import Testing

/// An entry of checkout, as the OTLP path stores one.
private let checkout: LogEntry = {
    var payload = EntryPayload(message: "Payment timed out after 5000 ms (retrying)", attributes: [
        "http.status_code": 504, "duration_ms": 5000.5, "retry": true, "user.id": "u-42", "tags": .array(["a", "b"]),
    ])
    payload.resource = ["service.name": "checkout", "region": "eu-west-1"]
    payload.scope = InstrumentationScope(name: "payments")
    payload.traceID = Array(repeating: 0xAB, count: 16)
    payload.spanID = Array(repeating: 0xCD, count: 8)
    payload.nanoseconds = 250
    return LogEntry(id: "0001", timestamp: Timestamp(microseconds: 1_796_000_000_000_000), severity: .error, payload: payload)
}()

@Suite("The query language: which entries a filter passes")
struct FilterMatchingTests {
    @Test("passes", arguments: [
        "timed", "TIMED out", "payment retrying", "\"timed out after\"", "time*", "5000",
        "severity >= warning", "severity = error", "severity > warning", "level = err",
        "service.name = checkout", "resource.service.name = checkout", "region = eu-west-1",
        "http.status_code = 504", "http.status_code >= 500", "http.status_code != 200", "attributes.http.status_code < 600",
        "duration_ms > 5000", "duration_ms = 5000.5", "retry = true", "user.id = \"u-42\"", "user.id:*", "not missing:*",
        "user.id = \"u-\"*", "scope.name = payments", "message =~ \"time[sd]? ?out\"", "message !~ \"^OK\"",
        "trace_id = abababababababababababababababab", "span_id:*", "span_id != 0000000000000000",
        "time >= 2026-11-30T00:53:20Z", "time >= 2026-11-30T00:53:20.00000025Z", "time < 2026-11-30T00:53:20.000000251Z",
        "time:[2026-11-30T00:00:00Z, 2026-11-30T01:00:00Z)", "id = 0001",
        "timed or nothing", "(nothing or timed) and severity >= error", "not (nothing or severity < error)",
    ])
    func passes(query: String) throws {
        let filter = try #require(try QueryParser.parse(query).filter)
        #expect(filter.matches(checkout, now: Timestamp(microseconds: 1_796_000_000_000_000)), "\(filter)")
    }

    @Test("does not pass", arguments: [
        "time", "timedout", "out after 50", "\"timed  out\"", "pay*ment", "severity >= critical", "severity = warning",
        "service.name = Checkout", "attributes.region = eu-west-1", "attributes.service.name = checkout",
        "http.status_code = 503", "http.status_code > 504", "missing = 1", "missing != 1",
        "duration_ms < 5000", "retry = false", "tags = a", "user.id = u", "user.id = \"v\"*", "message =~ \"^timed\"",
        "missing !~ \"x\"", "trace_id = abababababababababababababababac", "time > 2026-11-30T00:53:20.00000025Z",
        "time < 2026-11-30T00:53:20.00000025Z", "time:[2026-11-30T01:00:00Z, 2026-11-30T02:00:00Z)", "not timed",
        "timed and nothing",
    ])
    func fails(query: String) throws {
        let filter = try #require(try QueryParser.parse(query).filter)
        #expect(!filter.matches(checkout, now: Timestamp(microseconds: 1_796_000_000_000_000)), "\(filter)")
    }

    @Test("time:15m counts back from the query's time, to the microsecond")
    func relativeTime() throws {
        let filter = try #require(try QueryParser.parse("time:15m").filter)
        let at = checkout.timestamp.microseconds
        #expect(filter.matches(checkout, now: Timestamp(microseconds: at + 15 * 60 * 1_000_000)))
        #expect(!filter.matches(checkout, now: Timestamp(microseconds: at + 15 * 60 * 1_000_000 + 1)))
        #expect(filter.matches(checkout, now: Timestamp(microseconds: at)))
        #expect(!filter.matches(checkout, now: Timestamp(microseconds: at - 1)), "not after the query's time")
    }

    @Test("an entry that could not be decrypted passes only tests of its key")
    func undecryptable() throws {
        let sealed = LogEntry(id: "0002", timestamp: checkout.timestamp, severity: .error, payload: nil,
                              failure: ServiceError(.decryptionFailed, "shredded"))
        let now = Timestamp(microseconds: checkout.timestamp.microseconds)
        #expect(try QueryParser.parse("severity >= error and time:1m").filter?.matches(sealed, now: now) == true)
        #expect(try QueryParser.parse("timed").filter?.matches(sealed, now: now) == false)
        #expect(try QueryParser.parse("not service.name = x").filter?.matches(sealed, now: now) == true)
    }
}
