import Foundation
import TestSupport
import Testing

/// A configuration storing entries in a new DynamoDB table on moto, sealed under an AWS KMS key there too.
private func dynamoConfig(table: String, endpoint: String, keyID: String) throws -> String {
    try kmsConfig(keyID: keyID, endpoint: endpoint, extra: """
        storage:
          backend: dynamodb
          dynamodb:
            table: \(table)
            region: us-east-1
            endpoint: \(endpoint)
            shards: 4
        ingest:
          index:
            fields: [service.name, trace_id, message]

        """)
}

@Suite("The single binary on DynamoDB and KMS (moto)", .serialized)
struct DynamoDBStorageTests {
    @Test("create-table, then REST and JSON-RPC writes read back newest first; the table holds only ciphertext; a restart keeps everything")
    func serveOnDynamoDB() async throws {
        let endpoint = try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"],
                                    "MOTO_ENDPOINT is not set: run scripts/test, which starts moto server")
        let table = "e2e-\(UUID().uuidString.prefix(8))"
        let config = try dynamoConfig(table: table, endpoint: endpoint, keyID: try await createKMSKey(endpoint))
        let created = try await Command.run(RunningServer.binary, ["storage", "create-table", "--config", config], environment: awsEnvironment())
        #expect(created.status == 0 && created.output.contains("created table \(table)"), "\(created.output)")

        let server = try await RunningServer.start(arguments: ["--config", config], environment: awsEnvironment())
        let token = try await server.token(arguments: ["--config", config], environment: awsEnvironment())
        let batch = #"{"entries": [{"severity": "info", "message": "secret-alpha", "timestamp": "\#(Self.rfc3339(-3))", "#
            + #""attributes": {"service.name": "secret-svc-a"}}, "#
            + #"{"severity": "error", "message": "secret-beta", "timestamp": "\#(Self.rfc3339(-2))", "attributes": {"service.name": "secret-svc-b"}}]}"#
        #expect(try await server.request("POST", "/logs", token: token, body: batch).status == 201)
        let rpc = #"[{"jsonrpc": "2.0", "id": 1, "method": "logs.put", "params": {"severity": "warning", "message": "secret-gamma", "timestamp": "\#(Self.rfc3339(-1))"}}]"#
        let answer = try await server.request("POST", "/rpc", token: token, body: rpc)
        #expect(answer.status == 200 && !String(decoding: answer.body, as: UTF8.self).contains("\"error\""))
        #expect(try await server.request("GET", "/logs", token: token).messages == ["secret-gamma", "secret-beta", "secret-alpha"])
        #expect(try await server.request("GET", "/logs?severity=error", token: token).messages == ["secret-beta"])
        // Through the blind index of service.name: token items in the table, one Query per shard.
        #expect(try await server.request("GET", "/logs?query=service.name%20%3D%20secret-svc-a", token: token).messages == ["secret-alpha"])
        #expect(try await server.request("POST", "/logs", token: token, body: #"{"severity": "info", "message": "secret-delta", "attributes": {"service.name": "secret-svc-a"}}"#).status == 201)
        #expect(try await server.request("GET", "/logs?query=service.name%20%3D%20secret-svc-a", token: token).messages == ["secret-delta", "secret-alpha"])
        // Through the index of the message's words.
        #expect(try await server.request("GET", "/logs?query=BETA", token: token).messages == ["secret-beta"])
        #expect(!FileManager.default.fileExists(atPath: server.dataDir + "/entries.sqlite"))

        let scan = try await Command.run("/usr/bin/env", ["aws", "--endpoint-url", endpoint, "dynamodb", "scan", "--table-name", table],
                                   environment: awsEnvironment())
        #expect(scan.status == 0 && scan.output.contains("\"Count\""), "\(scan.output)")
        #expect(!scan.output.contains("secret-") && !scan.output.contains("gamma"), "plaintext in the table")
        try await server.stop()

        let restarted = try await RunningServer.start(dataDir: server.dataDir, arguments: ["--config", config], environment: awsEnvironment())
        #expect(try await restarted.request("GET", "/logs?limit=2", token: token).messages == ["secret-delta", "secret-gamma"])
        try await restarted.stop()
    }

    @Test("a missing table answers 503 naming logsvc storage create-table")
    func missingTable() async throws {
        let endpoint = try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"])
        let config = try dynamoConfig(table: "never-created", endpoint: endpoint, keyID: try await createKMSKey(endpoint))
        let server = try await RunningServer.start(arguments: ["--config", config], environment: awsEnvironment())
        let answer = try await server.request("GET", "/logs", token: try await server.token(arguments: ["--config", config], environment: awsEnvironment()))
        #expect(answer.status == 503)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("logsvc storage create-table"))
        try await server.stop()
    }

    /// An RFC 3339 time `seconds` from now.
    static func rfc3339(_ seconds: TimeInterval) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date().addingTimeInterval(seconds))
    }
}
