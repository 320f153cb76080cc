import Foundation
import TestSupport
import Testing

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// A copy of a fixture's data dir (git keeps no file modes: the copy gets the service's 0700 and 0600).
private func copyOfDataDir(_ name: String) throws -> String {
    let copy = try Scratch.directory("logsvc-earlier") + "/data"
    try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("datadir-\(name)/data").path, toPath: copy)
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: copy)
    for file in try FileManager.default.contentsOfDirectory(atPath: copy) {
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy + "/" + file)
    }
    return copy
}

@Suite("A data dir written by an earlier version reads unchanged", .serialized)
struct EarlierDataDirTests {
    /// Made by `Tests/Fixtures/make-datadir` with the binary of commit db83adf, before typed attributes and OTLP.
    @Test("every entry of the db83adf data dir reads back as that version answered it; its client ids still recognise a retry")
    func db83adf() async throws {
        let expected = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: fixtures.appendingPathComponent("datadir-db83adf/expected.json"))) as? [String: Any])
        let expectedLogs = try #require(expected["logs"] as? [[String: Any]])
        let config = try Scratch.directory("logsvc-earlier-config") + "/logsvc.yaml"
        // The fixture's client timestamp is as old as the fixture: a retry of it must be within the accepted window.
        try "ingest:\n  max_timestamp_age_seconds: 315360000\n".write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await RunningServer.start(dataDir: try copyOfDataDir("db83adf"), arguments: ["--config", config])
        let token = try await server.token()
        let page = try await server.request("GET", "/logs?limit=100", token: token)
        #expect(page.status == 200)
        let logs = try #require(page.json["logs"] as? [[String: Any]])
        #expect(logs.count == expectedLogs.count)
        for (read, was) in zip(logs, expectedLogs) {
            for field in ["id", "timestamp", "severity", "message"] {
                #expect(read[field] as? String == was[field] as? String, "\(field) of \(was["id"] ?? "")")
            }
            #expect((read["attributes"] as? [String: String]) == (was["attributes"] as? [String: String]))
            #expect(read["error"] == nil)
        }
        let stored = try #require(expectedLogs.first { $0["id"] as? String == "order-42" })
        let retry = #"{"severity": "critical", "message": "client id and time", "id": "order-42", "timestamp": "\#(stored["timestamp"] as? String ?? "")"}"#
        let again = try await server.request("POST", "/logs", token: token, body: retry)
        #expect(again.status == 201, "the same entry under its stored client id is recognised, not a conflict")
        #expect(again.json["timestamp"] as? String == stored["timestamp"] as? String)
        #expect(try await server.request("GET", "/logs?limit=100", token: token).messages.count == expectedLogs.count)
        try await server.stop()
    }
}
