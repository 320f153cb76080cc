import Foundation
import TestSupport
import Testing

/// The environment of a process that talks to moto as if it were AWS (shared by the suites that use moto).
func awsEnvironment() -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["AWS_ACCESS_KEY_ID"] = "testing"
    environment["AWS_SECRET_ACCESS_KEY"] = "testing"
    environment["AWS_SESSION_TOKEN"] = "session-token"
    environment["AWS_DEFAULT_REGION"] = "us-east-1"
    environment["HOME"] = NSTemporaryDirectory()
    return environment
}

/// A new symmetric key on moto's KMS; returns its ARN.
func createKMSKey(_ endpoint: String) async throws -> String {
    let result = try await Command.run("/usr/bin/env", ["aws", "--endpoint-url", endpoint, "kms", "create-key"], environment: awsEnvironment())
    try #require(result.status == 0, "aws kms create-key failed: \(result.output)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    return try #require((json["KeyMetadata"] as? [String: Any])?["Arn"] as? String)
}

/// A config file in a scratch directory: `extra` YAML, then a crypto section using the KMS key `keyID` on moto.
func kmsConfig(keyID: String, endpoint: String, extra: String = "") throws -> String {
    let path = try Scratch.directory("logsvc-e2e-kms") + "/logsvc.yaml"
    try (extra + """
        crypto:
          keyring: aws_kms
          aws_kms:
            key_id: \(keyID)
            region: us-east-1
            endpoint: \(endpoint)
        """).write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("AWS KMS as the keyring (moto)", .serialized)
struct AWSKMSKeyringTests {
    @Test("the service seals with data keys from AWS KMS; moving to a new KMS key and re-wrapping keeps every entry readable")
    func kmsKeyring() async throws {
        let endpoint = try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"],
                                    "MOTO_ENDPOINT is not set: run scripts/test, which starts moto server")
        let first = try await createKMSKey(endpoint)
        let firstConfig = try kmsConfig(keyID: first, endpoint: endpoint)
        let server = try await RunningServer.start(arguments: ["--config", firstConfig], environment: awsEnvironment())
        let token = try await server.token(arguments: ["--config", firstConfig], environment: awsEnvironment())
        let stored = try await server.request("POST", "/logs", token: token, body: #"{"severity": "info", "message": "under KMS"}"#)
        #expect(stored.status == 201, "\(String(decoding: stored.body, as: UTF8.self))")
        #expect(!FileManager.default.fileExists(atPath: server.dataDir + "/keyring.json"), "no local keyring with AWS KMS")
        #expect(!FileManager.default.fileExists(atPath: server.dataDir + "/master.key"))
        try await server.stop()

        let second = try await createKMSKey(endpoint)
        let secondConfig = try kmsConfig(keyID: second, endpoint: endpoint)
        let moved = try await RunningServer.start(dataDir: server.dataDir, arguments: ["--config", secondConfig],
                                                  environment: awsEnvironment())
        #expect(try await moved.request("GET", "/logs", token: token).messages == ["under KMS"])
        let rewrap = try await moved.admin(["keys", "rewrap", "--config", secondConfig], environment: awsEnvironment())
        #expect(rewrap.contains("re-wrapped 1 data keys under \(second)"))
        let status = try await moved.admin(["keys", "status", "--config", secondConfig], environment: awsEnvironment())
        #expect(status.contains("\(second)\t1\tcurrent"), "\(status)")
        #expect(!status.contains(first))
        #expect(try await moved.request("GET", "/logs", token: token).messages == ["under KMS"])
        try await moved.stop()
    }

    @Test("without AWS credentials the service refuses to start with AWS KMS")
    func missingCredentials() async throws {
        let endpoint = try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"])
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = nil
        environment["AWS_SECRET_ACCESS_KEY"] = nil
        let result = try await Command.run(RunningServer.binary, [
            "serve", "--config", try kmsConfig(keyID: "alias/anything", endpoint: endpoint), "--data-dir",
            try Scratch.directory("logsvc-e2e-kms"), "--port", "0",
        ], environment: environment)
        #expect(result.status == 78)
        #expect(result.output.contains("AWS KMS needs credentials"))
    }
}
