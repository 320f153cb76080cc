import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import TestSupport
import Testing

/// The real `logsvc` binary, started as a child process on a free loopback port.
final class RunningServer: Sendable {
    let process: Process
    let port: Int
    let dataDir: String
    private let output: Output

    /// What the process printed, collected as it arrives.
    final class Output: Sendable {
        let text = Mutex("")
    }

    /// The binary under test: `$LOGSVC_BINARY`, or the debug build in this checkout.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["LOGSVC_BINARY"] { return path }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.appendingPathComponent(".build/debug/logsvc").path
    }

    /// Starts `logsvc serve` on port 0 in `dataDir` and waits (without blocking a thread) until it listens.
    static func start(dataDir: String? = nil, arguments: [String] = [],
                      environment: [String: String]? = nil) async throws -> RunningServer {
        try #require(FileManager.default.isExecutableFile(atPath: RunningServer.binary),
                     "build the binary first: swift build --product logsvc (scripts/test does)")
        let directory = try dataDir ?? Scratch.directory("logsvc-e2e")
        let output = Output()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RunningServer.binary)
        process.arguments = ["serve", "--data-dir", directory, "--port", "0"] + arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        var port: Int?
        for _ in 0..<600 where port == nil && process.isRunning {
            port = output.text.withLock { RunningServer.listeningPort(in: $0) }
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let port else {
            process.terminate()
            throw ServerFailure(description: "logsvc did not start:\n" + output.text.withLock { $0 })
        }
        return RunningServer(process: process, port: port, dataDir: directory, output: output)
    }

    private init(process: Process, port: Int, dataDir: String, output: Output) {
        self.process = process
        self.port = port
        self.dataDir = dataDir
        self.output = output
    }

    static func listeningPort(in log: String) -> Int? {
        guard let range = log.range(of: "logsvc listening on http://127.0.0.1:") else { return nil }
        return Int(log[range.upperBound...].prefix { $0.isNumber })
    }

    /// Everything the process wrote to stdout and stderr so far.
    var log: String { output.text.withLock { $0 } }

    /// Sends `signal` and waits for the process to exit; returns its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        for _ in 0..<400 where process.isRunning { try await Task.sleep(for: .milliseconds(25)) }
        #expect(!process.isRunning, "logsvc did not stop within 10 s")
        return process.terminationStatus
    }

    /// An ID token minted by `logsvc token` for `username`; it opens the signing key with the master key or the KMS
    /// key, as the server does, so it takes the server's `arguments` (`--config`) and `environment`.
    func token(for username: String = "admin", arguments: [String] = [], environment: [String: String]? = nil) async throws -> String {
        let result = try await Command.run(RunningServer.binary, ["token", "--data-dir", dataDir, "--username", username] + arguments,
                                           environment: environment)
        try #require(result.status == 0, "logsvc token failed: \(result.output)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a `logsvc` admin command on this server's data dir; returns its output.
    func admin(_ arguments: [String], environment: [String: String]? = nil) async throws -> String {
        let result = try await Command.run(RunningServer.binary, arguments + ["--data-dir", dataDir], environment: environment)
        try #require(result.status == 0, "logsvc \(arguments.joined(separator: " ")) failed: \(result.output)")
        return result.output
    }

    /// Creates a machine client of `tenant` with `logsvc clients create`; its id and secret as printed.
    func createClient(tenant: String) async throws -> (id: String, secret: String) {
        let output = try await admin(["clients", "create", "--tenant", tenant])
        let fields = Dictionary(uniqueKeysWithValues: output.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        })
        return (try #require(fields["client_id"]), try #require(fields["client_secret"]))
    }

    /// An access token of the client credentials grant (RFC 6749 §4.4), the client authenticated with HTTP Basic.
    func clientToken(id: String, secret: String) async throws -> String {
        let basic = Data("\(id):\(secret)".utf8).base64EncodedString()
        let issued = try await request("POST", "/oauth2/token", body: "grant_type=client_credentials", headers: [
            "Authorization": "Basic \(basic)", "Content-Type": "application/x-www-form-urlencoded",
        ])
        return try #require(issued.json["access_token"] as? String)
    }

    /// Logs a user in through the Cognito wire protocol: temporary password, forced change, ID token.
    func login(_ username: String, temporaryPassword: String) async throws -> String {
        let credentials = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(
            fileURLWithPath: dataDir + "/initial-credentials.json"))) as? [String: String])
        let clientID = try #require(credentials["client_id"])
        func call(_ operation: String, _ body: [String: Any]) async throws -> [String: Any] {
            var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/")))
            request.httpMethod = "POST"
            request.setValue("application/x-amz-json-1.1", forHTTPHeaderField: "Content-Type")
            request.setValue("AWSCognitoIdentityProviderService.\(operation)", forHTTPHeaderField: "X-Amz-Target")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            let (data, _) = try await URLSession.shared.data(for: request)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let challenge = try await call("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": clientID,
                                                        "AuthParameters": ["USERNAME": username, "PASSWORD": temporaryPassword]])
        let result = try await call("RespondToAuthChallenge", [
            "ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": clientID, "Session": try #require(challenge["Session"] as? String),
            "ChallengeResponses": ["USERNAME": username, "NEW_PASSWORD": "Chosen-Passw0rd"],
        ])
        return try #require((result["AuthenticationResult"] as? [String: Any])?["IdToken"] as? String)
    }

    /// The `key:` and `id:` lines `logsvc api-keys create` prints.
    static func createdKey(_ output: String) throws -> (id: String, key: String) {
        let fields = Dictionary(output.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }, uniquingKeysWith: { first, _ in first })
        return (try #require(fields["id"]), try #require(fields["key"]))
    }

    /// One HTTP request to the server; the body is JSON text.
    func request(_ method: String, _ path: String, token: String? = nil, body: String? = nil,
                 headers: [String: String] = [:]) async throws -> HTTPResult {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue(token, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return HTTPResult(status: http.statusCode, body: data)
    }
}

struct ServerFailure: Error, CustomStringConvertible {
    let description: String
}

/// A response: status and JSON body.
struct HTTPResult {
    let status: Int
    let body: Data

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

    var messages: [String?] {
        (json["logs"] as? [[String: Any]] ?? []).map { $0["message"] as? String }
    }
}

/// A configuration file that also indexes the words of messages (docs/query-language.md#encrypted-indexes).
func wordsIndexedConfig() throws -> String {
    let config = try Scratch.directory("logsvc-words") + "/logsvc.yaml"
    try "ingest:\n  index:\n    fields: [service.name, trace_id, message]\n".write(toFile: config, atomically: true, encoding: .utf8)
    return config
}
