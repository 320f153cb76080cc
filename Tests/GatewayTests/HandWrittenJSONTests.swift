import Foundation
@testable import Gateway
import Model
import Testing

@Suite("JSON answers written by hand")
struct HandWrittenJSONTests {
    /// Messages and attribute values that exercise every escaping rule.
    static let awkward: [String] = [
        "plain", "", #"quote " and backslash \ and slash /"#, "line\nbreak\r\ttab\u{8}\u{C}",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }), "del \u{7F}", "ünïcödé ✓ 🚀 \u{2028}\u{2029}",
        "<script>&amp;</script>", "\u{0}nul",
    ]

    /// Every field an OTLP record brings, with every type of attribute value.
    static let otlp = EntryPayload(
        message: "payment declined \u{1}",
        attributes: ["http.status_code": 402, "ratio": 0.25, "whole": 100.0, "huge": 1e300, "nan": .double(.nan), "inf": .double(-.infinity),
                     "cached": true, "raw": .bytes([0, 255, 7]), "tags": .array(["a", 1, .array([])]),
                     "user": .map(["id": "u-\"1\"", "nested": .map(["deep": .array([false])])]), "min": .int(.min)],
        resource: ["service.name": "checkout", "host.cpus": 2],
        scope: InstrumentationScope(name: "checkout.payments", version: "", attributes: ["kind": "lib"]),
        traceID: Array(0..<16), spanID: Array(16..<24), flags: 1, eventName: "payment.declined",
        severityText: "ERROR", severityNumber: 17, nanoseconds: 789, observedTimeUnixNano: -5)

    @Test("a GET /logs page is byte for byte what the service's JSON encoder writes", arguments: [true, false])
    func matchesTheEncoder(lastPage: Bool) throws {
        let time = Timestamp(microseconds: 1_764_412_800_123_456)
        var logs = HandWrittenJSONTests.awkward.enumerated().map { index, message in
            LogEntry(id: "id-\(index)/\"x\"", timestamp: Timestamp(microseconds: time.microseconds + Int64(index)),
                     severity: [.debug, .info, .warning, .error, .critical][index % 5],
                     payload: EntryPayload(message: message, attributes: index % 2 == 0 ? [:] : ["zeta": .string(message), "alpha": "a", "k/\(index)": "\u{1}"]))
        }
        logs.append(LogEntry(id: "broken", timestamp: time, severity: .error, payload: nil,
                             failure: ServiceError(.decryptionFailed, "the entry \"broken\" cannot be decrypted")))
        logs.append(LogEntry(id: "otlp", timestamp: time, severity: .error, payload: HandWrittenJSONTests.otlp))
        let page = LogPage(logs: logs, nextCursor: lastPage ? nil : "cursor/with+odd=chars")
        let encoded = try JSONCoding.encoder().encode(LogPageResponse(page: page))
        #expect(String(decoding: LogPageResponse(page: page).json, as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
    }

    @Test("an empty GET /logs page too")
    func emptyPage() throws {
        let page = LogPage(logs: [], nextCursor: nil)
        #expect(LogPageResponse(page: page).json == Array(try JSONCoding.encoder().encode(LogPageResponse(page: page))))
    }

    @Test("a stats table is byte for byte what the encoder writes: nulls, numbers, awkward strings", arguments: [true, false])
    func tableMatchesTheEncoder(lastPage: Bool) throws {
        let rows: [[AnyValue?]] = HandWrittenJSONTests.awkward.enumerated().map { index, text in
            [.string(text), index % 3 == 0 ? nil : .int(Int64(index) - 3), .double(Double(index) / 7), .bool(index % 2 == 0)]
        }
        let page = LogPage(table: QueryTable(columns: ["bin(1m)", "count()", "avg(\"x\")", "b"], rows: rows),
                           nextCursor: lastPage ? nil : "cursor/with+odd=chars")
        #expect(String(decoding: LogPageResponse(page: page).json, as: UTF8.self)
            == String(decoding: try JSONCoding.encoder().encode(LogPageResponse(page: page)), as: UTF8.self))
        let empty = LogPage(table: QueryTable(columns: ["count()"], rows: []), nextCursor: nil)
        #expect(LogPageResponse(page: empty).json == Array(try JSONCoding.encoder().encode(LogPageResponse(page: empty))))
    }

    @Test("a stored entry's and a stored batch's answers are byte for byte what the encoder writes", arguments: [0, 1, 3])
    func storedAnswersMatchTheEncoder(count: Int) throws {
        let stored = (0..<count).map { index in
            StoredEntryResponse(EntryReference(id: HandWrittenJSONTests.awkward[index * 2],
                                               timestamp: Timestamp(microseconds: 1_764_412_800_123_456 + Int64(index))))
        }
        let batch = StoredBatchResponse(count: stored.count, entries: stored)
        #expect(batch.json == Array(try JSONCoding.encoder().encode(batch)))
        for entry in stored {
            #expect(entry.json == Array(try JSONCoding.encoder().encode(entry)))
        }
    }

    @Test("JSON-RPC replies (results, errors, every id type, batches) are byte for byte what the encoder writes")
    func rpcRepliesMatchTheEncoder() throws {
        let entry = StoredEntryResponse(EntryReference(id: "a\"b", timestamp: Timestamp(microseconds: 1_764_412_800_123_456)))
        let page = LogPageResponse(page: LogPage(logs: [LogEntry(id: "x", timestamp: Timestamp(microseconds: 5), severity: .warning,
                                                                 payload: EntryPayload(message: "m/\u{1}", attributes: ["k": "v"])),
                                                        LogEntry(id: "y", timestamp: Timestamp(microseconds: 6), severity: .info,
                                                                 payload: HandWrittenJSONTests.otlp)],
                                                 nextCursor: "c"))
        let ids: [JSONNode] = [.string("id \"1\" \\ /"), .number("-42"), .number("9223372036854775807"), .number("1.5"), .number("-0.25"), .null]
        let responses = ids.flatMap { id in [
            RPCResponse(id: id, result: entry),
            RPCResponse(id: id, result: StoredBatchResponse(count: 1, entries: [entry])),
            RPCResponse(id: id, result: page),
            RPCResponse(id: id, code: -32700, message: "Parse error"),
            RPCResponse(id: id, error: ServiceError(.overloaded, "busy \"now\"", retryAfter: 3)),
            RPCResponse(id: id, error: ServiceError.invalid("bad\nparams")),
        ] }
        for response in responses {
            #expect(String(decoding: response.json, as: UTF8.self) == String(decoding: try JSONCoding.encoder().encode(response), as: UTF8.self))
        }
        #expect(RPCResponse.batch(responses.map(\.json)) == Array(try JSONCoding.encoder().encode(responses)))
    }
}
