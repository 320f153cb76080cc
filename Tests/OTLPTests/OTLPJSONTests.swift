import Foundation
import OTLP
import SwiftProtobuf
import TestSupport
import Testing

@Suite("OTLP JSON: ExportLogsServiceRequest in OTLP's JSON encoding")
struct OTLPJSONTests {
    typealias Request = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest

    @Test("the Python SDK's JSON exporter and its protobuf exporter, given the same records, decode to the same request")
    func sameAsProtobuf() async throws {
        let result = try await Command.run("/usr/bin/env", ["python3", referenceScript, "sdk-request"])
        try #require(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        try #require(lines.count >= 2, "\(result.output)")
        let binary = try Request(serializedBytes: try #require(Data(base64Encoded: lines[lines.count - 2])))
        let json = try OTLPJSON.exportLogsRequest(from: Array(lines[lines.count - 1].utf8))
        #expect(json == binary)
        let record = try #require(json.resourceLogs.first?.scopeLogs.first?.logRecords.first)
        #expect(record.severityNumber == .error)
        #expect(record.traceID.count == 16)
        #expect(record.spanID.count == 8)
        #expect(record.timeUnixNano == 1_700_000_000_123_456_789)
        #expect(json.resourceLogs.first?.resource.attributes.contains { $0.key == "service.name" } == true)
    }

    @Test("accepts what the protobuf JSON mapping allows: snake_case names, integers as numbers, null as absent, NaN; ignores unknown fields")
    func lenientWhereTheMappingIs() throws {
        let document = #"""
        {"resource_logs": [{"scopeLogs": [{"log_records": [{"time_unix_nano": 1700000000000000001, "severityNumber": "9",
          "body": {"doubleValue": "NaN"}, "attributes": [{"key": "n", "value": {"int_value": -5}}, {"key": "b", "value": {"bytesValue": "AP8"}}],
          "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "", "severityText": null, "futureField": {"x": 1}}]}]}],
         "unknownTopLevel": true}
        """#
        let request = try OTLPJSON.exportLogsRequest(from: Array(document.utf8))
        let record = try #require(request.resourceLogs.first?.scopeLogs.first?.logRecords.first)
        #expect(record.timeUnixNano == 1_700_000_000_000_000_001)
        #expect(record.severityNumber == .info)
        guard case .doubleValue(let value)? = record.body.value else { Issue.record("body is not a double"); return }
        #expect(value.isNaN)
        #expect(record.attributes.map(\.value.value) == [.intValue(-5), .bytesValue(Data([0x00, 0xff]))])
        #expect(record.traceID == Data([0x5b, 0x8e, 0xff, 0xf7, 0x98, 0x03, 0x81, 0x03, 0xd2, 0x69, 0xb6, 0x33, 0x81, 0x3f, 0xc6, 0x0c]))
        #expect(record.spanID.isEmpty)
        #expect(record.severityText.isEmpty)
    }

    @Test("refuses what is no OTLP JSON, saying where and never echoing the body", arguments: [
        (#"{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"traceId": "abc"}]}]}]}"#,
         "`resourceLogs[0].scopeLogs[0].logRecords[0].traceId` must be 32 hex digits"),
        (#"{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"spanId": "zzzzzzzzzzzzzzzz"}]}]}]}"#,
         "`resourceLogs[0].scopeLogs[0].logRecords[0].spanId` must be 16 hex digits"),
        (#"{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"body": {"stringValue": "a", "intValue": 1}}]}]}]}"#,
         "sets more than one of its values"),
        (#"{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"timeUnixNano": -1}]}]}]}"#,
         "`resourceLogs[0].scopeLogs[0].logRecords[0].timeUnixNano` must be an integer within 0...18446744073709551615"),
        (#"{"resourceLogs": {"scopeLogs": []}}"#, "`resourceLogs` must be an array"),
        (#"{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"severityText": 7}]}]}]}"#, "must be a string"),
        (#"{"resourceLogs": [], "resourceLogs": []}"#, "the body is not valid JSON: it repeats a member name"),
        ("[]", "the body must be an object"),
    ])
    func refusals(_ document: String, _ expected: String) throws {
        let error = #expect(throws: OTLPDecodingError.self) { try OTLPJSON.exportLogsRequest(from: Array(document.utf8)) }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("zzzz") == false)
    }

    private var referenceScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/otlp_reference.py").standardized.path
    }
}
