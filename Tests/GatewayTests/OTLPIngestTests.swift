@testable import Auth
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import OTLP
import SwiftProtobuf
import TestSupport
import Testing

typealias ExportRequest = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest
typealias ExportResponse = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse
typealias LogRecord = Opentelemetry_Proto_Logs_V1_LogRecord
typealias KeyValue = Opentelemetry_Proto_Common_V1_KeyValue
typealias OTLPValue = Opentelemetry_Proto_Common_V1_AnyValue

func keyValue(_ key: String, _ value: OTLPValue.OneOf_Value) -> KeyValue {
    KeyValue.with { $0.key = key; $0.value = OTLPValue.with { $0.value = value } }
}

func record(_ body: String, severity: Int = 9, _ adjust: (inout LogRecord) -> Void = { _ in }) -> LogRecord {
    var record = LogRecord.with {
        $0.body = OTLPValue.with { $0.value = .stringValue(body) }
        $0.severityNumber = Opentelemetry_Proto_Logs_V1_SeverityNumber(rawValue: severity) ?? .unspecified
    }
    adjust(&record)
    return record
}

/// One resource (`service.name: checkout`) and one scope holding `records`.
func exportRequest(_ records: [LogRecord]) -> ExportRequest {
    ExportRequest.with {
        $0.resourceLogs = [.with {
            $0.resource = .with { $0.attributes = [keyValue("service.name", .stringValue("checkout")), keyValue("host.cpus", .intValue(2))] }
            $0.scopeLogs = [.with {
                $0.scope = .with { $0.name = "checkout.payments"; $0.version = "1.2.0" }
                $0.logRecords = records
            }]
        }]
    }
}

func export(_ client: any TestClientProtocol, _ token: String?, _ body: Data, contentType: String = "application/x-protobuf",
            encoding: String? = nil) async throws -> TestResponse {
    var fields = headers(token, contentType: contentType)
    if let encoding { fields[.contentEncoding] = encoding }
    return try await client.execute(uri: "/v1/logs", method: .post, headers: fields, body: ByteBuffer(bytes: body))
}

private func entries(_ client: any TestClientProtocol, _ token: String) async throws -> [[String: Any]] {
    let page = try await client.execute(uri: "/logs?limit=1000", method: .get, headers: headers(token, contentType: nil))
    return try json(page.body)["logs"] as? [[String: Any]] ?? []
}

private func status(_ response: TestResponse) throws -> Google_Rpc_Status {
    try Google_Rpc_Status(serializedBytes: Array(response.body.readableBytesView))
}

@Suite("POST /v1/logs: OTLP/HTTP logs")
struct OTLPIngestTests {
    static let now = UInt64(Date().timeIntervalSince1970) * 1_000_000_000

    @Test("a protobuf export stores every record with its OTLP fields, typed, and answers an empty response")
    func protobufRoundTrip() async throws {
        let time = OTLPIngestTests.now - 60_000_000_000 + 123_456_789
        let request = exportRequest([record("payment declined", severity: 17) {
            $0.timeUnixNano = time
            $0.observedTimeUnixNano = time + 1
            $0.severityText = "ERROR"
            $0.attributes = [keyValue("http.status_code", .intValue(402)), keyValue("ratio", .doubleValue(0.25)),
                             keyValue("cached", .boolValue(true)), keyValue("raw", .bytesValue(Data([0, 255]))),
                             keyValue("tags", .arrayValue(.with { $0.values = [.with { $0.value = .stringValue("a") }] })),
                             keyValue("user", .kvlistValue(.with { $0.values = [keyValue("id", .stringValue("u-1"))] })),
                             keyValue("dup", .stringValue("first")), keyValue("dup", .stringValue("last"))]
            $0.traceID = Data((0..<16).map(UInt8.init))
            $0.spanID = Data((16..<24).map(UInt8.init))
            $0.flags = 1
            $0.eventName = "payment.declined"
        }])
        try await withServer { client, token in
            let response = try await export(client, token, try request.serializedData())
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/x-protobuf")
            let answer = try ExportResponse(serializedBytes: Array(response.body.readableBytesView))
            #expect(!answer.hasPartialSuccess)
            let entry = try #require(try await entries(client, token).first)
            #expect(entry["message"] as? String == "payment declined")
            #expect(entry["severity"] as? String == "error")
            #expect(entry["severityText"] as? String == "ERROR")
            #expect(entry["severityNumber"] as? Int == 17)
            #expect(entry["timeUnixNano"] as? String == String(time))
            #expect(entry["observedTimeUnixNano"] as? String == String(time + 1))
            #expect(entry["traceId"] as? String == "000102030405060708090a0b0c0d0e0f")
            #expect(entry["spanId"] as? String == "1011121314151617")
            #expect(entry["flags"] as? Int == 1)
            #expect(entry["eventName"] as? String == "payment.declined")
            let attributes = try #require(entry["attributes"] as? [String: Any])
            #expect(attributes["http.status_code"] as? Int == 402)
            #expect(attributes["ratio"] as? Double == 0.25)
            #expect(attributes["cached"] as? Bool == true)
            #expect((attributes["raw"] as? [String: String])?["bytesValue"] == "AP8=")
            #expect(attributes["tags"] as? [String] == ["a"])
            #expect(attributes["user"] as? [String: String] == ["id": "u-1"])
            #expect(attributes["dup"] as? String == "last")
            let resource = try #require(entry["resource"] as? [String: Any])
            #expect(resource["service.name"] as? String == "checkout")
            #expect(resource["host.cpus"] as? Int == 2)
            #expect(entry["scope"] as? [String: String] == ["name": "checkout.payments", "version": "1.2.0"])
        }
    }

    @Test("an OTLP JSON export is stored the same way and answered in JSON")
    func jsonExport() async throws {
        let body = """
            {"resourceLogs": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "checkout"}}]},
              "scopeLogs": [{"scope": {"name": "s"}, "logRecords": [
                {"timeUnixNano": "\(OTLPIngestTests.now)", "severityNumber": 13, "body": {"stringValue": "low disk"},
                 "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",
                 "attributes": [{"key": "free", "value": {"intValue": "1024"}}], "futureField": {"x": 1}}]}]}]}
            """
        try await withServer { client, token in
            let response = try await export(client, token, Data(body.utf8), contentType: "application/json")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(String(buffer: response.body) == "{}")
            let entry = try #require(try await entries(client, token).first)
            #expect(entry["severity"] as? String == "warning")
            #expect(entry["traceId"] as? String == "5b8efff798038103d269b633813fc60c")
            #expect((entry["attributes"] as? [String: Any])?["free"] as? Int == 1024)
            #expect(entry["timeUnixNano"] as? String == String(OTLPIngestTests.now))
        }
    }

    @Test("severity_number maps to the five levels; without one, severity_text decides, else info", arguments: [
        (1, "", "debug"), (5, "", "debug"), (8, "", "debug"), (9, "", "info"), (12, "", "info"), (13, "", "warning"),
        (16, "", "warning"), (17, "", "error"), (20, "", "error"), (21, "", "critical"), (24, "", "critical"),
        (0, "WARN", "warning"), (0, "fatal", "critical"), (0, "loud", "info"), (0, "", "info"),
    ])
    func severityMapping(number: Int, text: String, expected: String) async throws {
        let request = exportRequest([record("m", severity: number) { $0.severityText = text }])
        try await withServer { client, token in
            let response = try await export(client, token, try request.serializedData())
            #expect(response.status == .ok)
            #expect(try await entries(client, token).first?["severity"] as? String == expected)
        }
    }

    @Test("time is time_unix_nano, else observed_time_unix_nano, else the time received, never 1970")
    func timeFallbacks() async throws {
        let observed = OTLPIngestTests.now - 5_000_000_000
        let request = exportRequest([record("observed only") { $0.observedTimeUnixNano = observed }, record("no time at all")])
        try await withServer { client, token in
            #expect(try await export(client, token, try request.serializedData()).status == .ok)
            let stored = try await entries(client, token)
            let times = Dictionary(uniqueKeysWithValues: stored.map { ($0["message"] as? String ?? "", UInt64($0["timeUnixNano"] as? String ?? "") ?? 0) })
            #expect(times["observed only"] == observed)
            let received = try #require(times["no time at all"])
            #expect(received > OTLPIngestTests.now - 60_000_000_000)
        }
    }

    @Test("records that cannot be stored are counted in partial_success with why; the others are stored")
    func partialSuccess() async throws {
        var request = exportRequest([
            record("kept one"),
            record("") { _ in },
            record("bad trace id") { $0.traceID = Data([1, 2, 3]) },
            record("ZZZZ not UTF-8"),
            record("too many attributes") { $0.attributes = (0..<33).map { keyValue("k\($0)", .boolValue(true)) } },
            record("too old") { $0.timeUnixNano = 1_000_000_000 },
            record("kept two"),
        ])
        request.resourceLogs[0].scopeLogs[0].logRecords[1].clearBody()
        var body = try request.serializedData()
        let marker = try #require(body.range(of: Data("ZZZZ".utf8)))
        body.replaceSubrange(marker, with: [0xFF, 0xFE, 0xFD, 0xFC])
        let sent = body
        try await withServer { client, token in
            let response = try await export(client, token, sent)
            #expect(response.status == .ok)
            let answer = try ExportResponse(serializedBytes: Array(response.body.readableBytesView))
            #expect(answer.partialSuccess.rejectedLogRecords == 5)
            let message = answer.partialSuccess.errorMessage
            #expect(message.hasPrefix("5 of 7 log records were rejected: "))
            #expect(message.contains("logRecords[1]: body is empty"))
            #expect(message.contains("logRecords[2]: trace_id is 3 bytes"))
            #expect(message.contains("logRecords[3]: a string field is not valid UTF-8"))
            #expect(message.contains("and 2 more"))
            #expect(Set(try await entries(client, token).compactMap { $0["message"] as? String }) == ["kept one", "kept two"])
        }
    }

    @Test("the same body again stores nothing twice and gets the same answer, partial success included")
    func byteIdenticalRetry() async throws {
        let body = try exportRequest([record("once"), record("") { $0.clearBody() }]).serializedData()
        try await withServer { client, token in
            let first = try await export(client, token, body)
            let retry = try await export(client, token, body)
            #expect(first.status == .ok)
            #expect(retry.status == .ok)
            #expect(Array(retry.body.readableBytesView) == Array(first.body.readableBytesView))
            #expect(try await entries(client, token).count == 1)
            let other = try exportRequest([record("once"), record("twice")]).serializedData()
            #expect(try await export(client, token, other).status == .ok)
            #expect(try await entries(client, token).count == 3)
        }
    }

    @Test("gzip bodies are inflated within the body limit: a bomb is 413 and stores nothing")
    func gzip() async throws {
        let body = try exportRequest([record("compressed")]).serializedData()
        let bomb = try await gzipped(try exportRequest([record(String(repeating: "z", count: 40_000_000))]).serializedData())
        try await withServer { client, token in
            #expect(try await export(client, token, try await gzipped(body), encoding: "gzip").status == .ok)
            let refused = try await export(client, token, bomb, encoding: "gzip")
            #expect(refused.status == .contentTooLarge)
            #expect(try status(refused).code == 3)
            #expect(try await entries(client, token).compactMap { $0["message"] as? String } == ["compressed"])
        }
    }

    @Test("bad requests answer a google.rpc.Status in the request's encoding and store nothing", arguments: [
        ("application/x-protobuf", Data([0x0A, 0xFF, 0x01]), HTTPResponse.Status.badRequest, Int32(3), "not a protobuf ExportLogsServiceRequest"),
        ("application/x-protobuf", Data("garbage that is not protobuf at all".utf8), .badRequest, 3, "not a protobuf"),
        ("application/json", Data(#"{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"severityNumber": "high"}]}]}]}"#.utf8), .badRequest, 3,
         "resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber"),
        ("application/json", Data([0x7B, 0xFF, 0x7D]), .badRequest, 3, "not valid JSON"),
        ("text/plain", Data("hello".utf8), .unsupportedMediaType, 3, "application/x-protobuf or application/json"),
    ])
    func badRequests(contentType: String, body: Data, expected: HTTPResponse.Status, code: Int32, says: String) async throws {
        try await withServer { client, token in
            let response = try await export(client, token, body, contentType: contentType)
            #expect(response.status == expected)
            let message: String
            if contentType != "application/x-protobuf" {  // an unknown type is answered in JSON
                let answer = try json(response.body)
                #expect(answer["code"] as? Int == Int(code))
                message = answer["message"] as? String ?? ""
            } else {
                let answer = try status(response)
                #expect(answer.code == code)
                message = answer.message
            }
            #expect(message.contains(says), "\(message)")
            #expect(try await entries(client, token).isEmpty)
        }
    }

    @Test("without a credential it is 401 with a Status; 10 MiB is 413; 100,000 records are 413; the service stays up")
    func limits() async throws {
        let many = try exportRequest((0..<100_000).map { _ in record("x") }).serializedData()
        try await withServer { client, token in
            let anonymous = try await export(client, nil, try exportRequest([record("m")]).serializedData())
            #expect(anonymous.status == .unauthorized)
            #expect(try status(anonymous).code == 16)
            let huge = try await export(client, token, Data(count: 10 * 1_048_576))
            #expect(huge.status == .contentTooLarge)
            let tooMany = try await export(client, token, many)
            #expect(tooMany.status == .contentTooLarge)
            #expect(try status(tooMany).message.contains("max_batch_entries"))
            #expect(try await export(client, token, try exportRequest([record("still up")]).serializedData()).status == .ok)
            #expect(try await entries(client, token).compactMap { $0["message"] as? String } == ["still up"])
        }
    }

    @Test("API keys: a writer key stores, a reader key is 403 with a Status, another tenant's key writes to its own tenant")
    func apiKeys() async throws {
        try await withService { client, token, pool in
            let writer = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(role: .writer)).key
            let reader = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(role: .reader)).key
            let body = try exportRequest([record("from a key")]).serializedData()
            #expect(try await export(client, "Bearer \(writer)", body).status == .ok)
            let refused = try await export(client, reader, try exportRequest([record("from a reader")]).serializedData())
            #expect(refused.status == .forbidden)
            #expect(try status(refused).code == 7)
            #expect(try await entries(client, reader).compactMap { $0["message"] as? String } == ["from a key"])
            #expect(try await entries(client, token).isEmpty, "the admin's tenant is another one")
        }
    }
}
