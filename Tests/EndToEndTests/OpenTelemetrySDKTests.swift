import Foundation
import TestSupport
import Testing

/// What `scripts/otel_sdk_client.py` prints: the records the SDK emitted, and how each export went.
private struct SDKRun: Decodable {
    struct Record: Decodable {
        let message: String
        let severity_number: Int
        let severity_text: String
        let trace_id: String?
        let span_id: String?
        let time_unix_nano: String
    }
    let records: [Record]
    let exports: [String]
    let warnings: [String]
}

private let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("scripts/otel_sdk_client.py").path

/// Runs the OpenTelemetry Python SDK as a team would configure it: OTEL_* variables only.
private func runSDK(_ exporter: String, marker: String, port: Int, key: String) async throws -> SDKRun {
    var environment = ProcessInfo.processInfo.environment
    environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:\(port)"
    environment["OTEL_EXPORTER_OTLP_HEADERS"] = "authorization=Bearer%20\(key)"
    environment["OTEL_EXPORTER_OTLP_COMPRESSION"] = exporter == "json" ? "gzip" : "none"
    let result = try await Command.run("/usr/bin/env", ["python3", script, exporter, marker], environment: environment)
    try #require(result.status == 0, "\(result.output)")
    let line = try #require(result.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }))
    return try JSONDecoder().decode(SDKRun.self, from: Data(line.utf8))
}

@Suite("The OpenTelemetry Python SDK ships logs to the real binary with an API key", .serialized)
struct OpenTelemetrySDKTests {
    @Test("Python logging through the SDK's exporter reads back intact; a revoked key gets 401 and the exporter says so",
          arguments: ["proto", "json"])
    func pythonLoggingBridge(exporter: String) async throws {
        let server = try await RunningServer.start()
        let (writerID, writer) = try RunningServer.createdKey(try await server.admin(["api-keys", "create", "--tenant", "acme"]))
        let (_, reader) = try RunningServer.createdKey(try await server.admin(["api-keys", "create", "--tenant", "acme", "--role", "reader"]))
        let run = try await runSDK(exporter, marker: "first", port: server.port, key: writer)
        #expect(run.exports == ["SUCCESS", "SUCCESS", "SUCCESS"], "\(run.warnings)")
        #expect(run.records.count == 3)

        let page = try await server.request("GET", "/logs?limit=100", token: reader)
        let stored = Dictionary((page.json["logs"] as? [[String: Any]] ?? []).map { ($0["message"] as? String ?? "", $0) },
                                uniquingKeysWith: { first, _ in first })
        for record in run.records {
            let entry = try #require(stored[record.message], "\(record.message) was not stored")
            #expect(entry["severityNumber"] as? Int == record.severity_number)
            #expect(entry["severityText"] as? String == record.severity_text)
            #expect(entry["timeUnixNano"] as? String == record.time_unix_nano, "nanoseconds kept")
            #expect(entry["traceId"] as? String == record.trace_id)
            #expect(entry["spanId"] as? String == record.span_id)
            let resource = entry["resource"] as? [String: Any]
            #expect(resource?["service.name"] as? String == "checkout-\(exporter)")
            #expect(resource?["telemetry.sdk.language"] as? String == "python")
            #expect((entry["scope"] as? [String: Any])?["name"] as? String == "checkout.payments")
        }
        let declined = try #require(stored["payment declined first"])
        #expect(declined["severity"] as? String == "error")
        #expect(declined["flags"] as? Int == 1 || declined["flags"] as? Int == 3, "sampled")
        let attributes = try #require(declined["attributes"] as? [String: Any])
        #expect(attributes["http.status_code"] as? Int == 402)
        #expect(attributes["retry.ratio"] as? Double == 0.25)
        #expect(attributes["cached"] as? Bool == true)
        #expect(attributes["code.function.name"] as? String == "main")
        #expect(stored["low stock first"]?["severity"] as? String == "warning")
        #expect(stored["cache miss first"]?["severity"] as? String == "debug")

        _ = try await server.admin(["api-keys", "revoke", writerID])
        // The CLI revokes in the data dir; the running server refuses the key within its documented 5 seconds.
        let deadline = ContinuousClock.now + .seconds(5)
        while try await server.request("POST", "/logs", token: writer, body: #"{"severity": "info", "message": "probe"}"#).status != 401,
              ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let refused = try await runSDK(exporter, marker: "second", port: server.port, key: writer)
        #expect(refused.exports == ["FAILURE", "FAILURE", "FAILURE"])
        #expect(refused.warnings.contains { $0.contains("401") }, "\(refused.warnings)")
        let after = try await server.request("GET", "/logs?limit=100", token: reader)
        #expect(!(after.messages.contains { $0?.hasSuffix("second") == true }), "a refused export stores nothing")
        try await server.stop()
    }
}
