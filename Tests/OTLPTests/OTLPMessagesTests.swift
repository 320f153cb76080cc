import Foundation
import OTLP
import SwiftProtobuf
import TestSupport
import Testing

/// The committed OTLP messages (Modules/OTLP, from scripts/generate-protos) read what the official Python classes
/// write, and write what they read: scripts/otlp_reference.py, with opentelemetry-proto and googleapis-common-protos.
@Suite("OTLP messages, cross-checked with the official Python classes")
struct OTLPMessagesTests {
    typealias Request = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest
    typealias Response = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse

    @Test("an export request decodes field for field, skipping the fields we do not read")
    func request() async throws {
        let request = try Request(serializedBytes: try await reference(["request"]))
        let resourceLogs = try #require(request.resourceLogs.first)
        #expect(resourceLogs.schemaURL == "https://opentelemetry.io/schemas/1.27.0")
        #expect(resourceLogs.resource.attributes.map(\.key) == ["service.name", "host.cpus"])
        #expect(resourceLogs.resource.attributes[0].value.value == .stringValue("checkout"))
        #expect(resourceLogs.resource.attributes[1].value.value == .intValue(2))
        let scopeLogs = try #require(resourceLogs.scopeLogs.first)
        #expect(scopeLogs.scope.name == "checkout.payments")
        #expect(scopeLogs.scope.version == "1.2.0")
        #expect(scopeLogs.scope.attributes.first?.value.value == .stringValue("lib"))
        #expect(scopeLogs.logRecords.count == 2)

        let record = scopeLogs.logRecords[0]
        #expect(record.timeUnixNano == 1_700_000_000_123_456_789)
        #expect(record.observedTimeUnixNano == 1_700_000_001_000_000_000)
        #expect(record.severityNumber == .error)
        #expect(record.severityText == "ERROR")
        #expect(record.body.value == .stringValue("payment declined"))
        #expect(record.traceID == Data([0x5b, 0x8e, 0xff, 0xf7, 0x98, 0x03, 0x81, 0x03, 0xd2, 0x69, 0xb6, 0x33, 0x81, 0x3f, 0xc6, 0x0c]))
        #expect(record.spanID == Data([0xee, 0xe1, 0x9b, 0x7e, 0xc3, 0xc1, 0xb1, 0x74]))
        #expect(record.flags == 1)
        #expect(record.eventName == "payment.declined")
        #expect(record.droppedAttributesCount == 1)
        let attributes = Dictionary(record.attributes.map { ($0.key, $0.value.value) }, uniquingKeysWith: { first, _ in first })
        #expect(attributes["http.status_code"] == .intValue(-402))
        #expect(attributes["retry.ratio"] == .doubleValue(0.25))
        #expect(attributes["cached"] == .boolValue(true))
        #expect(attributes["raw"] == .bytesValue(Data([0x00, 0xff])))
        guard case .arrayValue(let tags)?? = attributes["tags"] else { Issue.record("tags is not an array"); return }
        #expect(tags.values.map(\.value) == [.stringValue("a"), .intValue(1)])
        guard case .kvlistValue(let user)?? = attributes["user"] else { Issue.record("user is not a map"); return }
        #expect(user.values.first?.key == "id")
        // A string-table index (profiles' dictionary encoding) is a field we do not read: the value is empty.
        #expect(attributes["indexed"] == .some(nil))

        let structured = scopeLogs.logRecords[1]
        #expect(structured.severityNumber == .info)
        guard case .kvlistValue(let body)? = structured.body.value else { Issue.record("the body is not a map"); return }
        #expect(body.values.first?.value.value == .intValue(3))
    }

    @Test("an answer with a partial success reads back in Python as written")
    func response() async throws {
        var response = Response()
        response.partialSuccess.rejectedLogRecords = 2
        response.partialSuccess.errorMessage = "2 records have no body"
        let bytes: [UInt8] = try response.serializedBytes()
        let decoded = try await referenceJSON(["response", Data(bytes).base64EncodedString()])
        let partial = try #require(decoded["partial_success"] as? [String: Any])
        // Python's JSON form writes int64 as a string, as the protobuf JSON mapping says.
        #expect(partial["rejected_log_records"] as? String == "2")
        #expect(partial["error_message"] as? String == "2 records have no body")
        #expect(try await referenceJSON(["response", Data(try Response().serializedBytes() as [UInt8]).base64EncodedString()]).isEmpty)
    }

    @Test("an error body is a google.rpc.Status that Python reads")
    func status() async throws {
        var status = Google_Rpc_Status()
        status.code = 3
        status.message = "the body is not an ExportLogsServiceRequest"
        let decoded = try await referenceJSON(["status", Data(try status.serializedBytes() as [UInt8]).base64EncodedString()])
        #expect(decoded["code"] as? Int == 3)
        #expect(decoded["message"] as? String == "the body is not an ExportLogsServiceRequest")
    }

    private func reference(_ arguments: [String]) async throws -> Data {
        try #require(Data(base64Encoded: try await referenceLine(arguments)))
    }

    private func referenceJSON(_ arguments: [String]) async throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(try await referenceLine(arguments).utf8)) as? [String: Any])
    }

    /// The last line the script printed; it fails the test with the script's output when it fails.
    private func referenceLine(_ arguments: [String]) async throws -> String {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/otlp_reference.py")
            .standardized.path
        let result = try await Command.run("/usr/bin/env", ["python3", script] + arguments)
        try #require(result.status == 0, "\(result.output)")
        return try #require(result.output.split(separator: "\n").last.map(String.init))
    }
}
