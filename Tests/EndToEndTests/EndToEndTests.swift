import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

@Suite("The logsvc binary, end to end", .serialized)
struct EndToEndTests {
    @Test("stores the seed's entry with a token from `logsvc token` and reads it back newest first")
    func postThenGet() async throws {
        let server = try await RunningServer.start()
        let token = try await server.token()
        let first = try await server.request("POST", "/logs", token: token, body: #"{"severity": "info", "message": "Test log entry"}"#)
        #expect(first.status == 201)
        #expect(first.json["id"] is String)
        let second = try await server.request("POST", "/logs", token: "Bearer \(token)",
                                              body: #"{"severity": "ERROR", "message": "second"}"#)
        #expect(second.status == 201)
        let listed = try await server.request("GET", "/logs", token: token)
        #expect(listed.status == 200)
        #expect(listed.messages == ["second", "Test log entry"])
        let logs = try #require(listed.json["logs"] as? [[String: Any]])
        #expect(logs.map { $0["severity"] as? String } == ["error", "info"])
        #expect(logs[1]["id"] as? String == first.json["id"] as? String)
        try await server.stop()
    }

    @Test("stores a batch whole, and nothing of a batch with one bad entry")
    func batchAllOrNothing() async throws {
        let server = try await RunningServer.start()
        let token = try await server.token()
        let rejected = try await server.request("POST", "/logs", token: token, body: """
            [{"severity": "info", "message": "ok 1"}, {"severity": "info", "message": "ok 2"}, {"severity": 7, "message": "bad"}]
            """)
        #expect(rejected.status == 400)
        #expect(rejected.errorCode == "invalid_request")
        #expect(try await server.request("GET", "/logs", token: token).messages.isEmpty)
        let accepted = try await server.request("POST", "/logs", token: token, body: """
            [{"severity": "debug", "message": "one"}, {"severity": "warning", "message": "two"}]
            """)
        #expect(accepted.status == 201)
        #expect(try await server.request("GET", "/logs", token: token).messages == ["two", "one"])
        try await server.stop()
    }

    @Test("answers 401 with a JSON error without a token or with a bad one, and stores nothing")
    func unauthenticated() async throws {
        let server = try await RunningServer.start()
        let token = try await server.token()
        let body = #"{"severity": "info", "message": "should not be stored"}"#
        let missing = try await server.request("POST", "/logs", body: body)
        #expect(missing.status == 401)
        #expect(missing.errorCode == "unauthenticated")
        for bad in ["nonsense", String(token.dropLast(4)) + "AAAA", "Bearer " + token.replacingOccurrences(of: ".", with: "..")] {
            let response = try await server.request("POST", "/logs", token: bad, body: body)
            #expect(response.status == 401)
            #expect(response.errorCode == "unauthenticated")
        }
        #expect(try await server.request("GET", "/logs").status == 401)
        #expect(try await server.request("GET", "/logs", token: token).messages.isEmpty)
        try await server.stop()
    }

    @Test("keeps entries, users and keys across a restart; old tokens still work")
    func restartKeepsData() async throws {
        let server = try await RunningServer.start()
        let token = try await server.token()
        let credentials = try Data(contentsOf: URL(fileURLWithPath: server.dataDir + "/initial-credentials.json"))
        for index in 0..<3 {
            let response = try await server.request("POST", "/logs", token: token,
                                                    body: #"{"severity": "info", "message": "before restart \#(index)"}"#)
            #expect(response.status == 201)
        }
        #expect(try await server.stop() == 0)
        #expect(server.log.contains("logsvc stopped"))
        let restarted = try await RunningServer.start(dataDir: server.dataDir)
        #expect(try await restarted.request("GET", "/logs", token: token).messages
                == ["before restart 2", "before restart 1", "before restart 0"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: server.dataDir + "/initial-credentials.json")) == credentials)
        try await restarted.stop()
    }

    @Test("a request's id is on the log lines every module writes for it (a rejected token is logged at debug)")
    func requestIDInModuleLogs() async throws {
        let config = try Scratch.directory("logsvc-e2e-debug") + "/debug.yaml"
        try "log_level: debug\n".write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await RunningServer.start(arguments: ["--config", config])
        let refused = try await server.request("GET", "/logs", token: "forged.token.value", headers: ["X-Request-Id": "trace-7f3a-e2e"])
        #expect(refused.status == 401)
        try await server.stop()
        let line = server.log.split(separator: "\n").first { $0.contains("rejected a token") }
        #expect(line?.contains("request_id=trace-7f3a-e2e") == true, "the Auth module's line: \(line ?? "none")")
    }

    @Test("a client's bytes cannot forge or restyle a service log line, in text or JSON lines", arguments: ["text", "json"])
    func logInjection(format: String) async throws {
        let config = try Scratch.directory("logsvc-e2e-log") + "/log.yaml"
        try "log_format: \(format)\n".write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await RunningServer.start(arguments: ["--config", config])
        let credentials = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(
            fileURLWithPath: server.dataDir + "/initial-credentials.json"))) as? [String: String])
        let forged = "mallory\n2026-12-01T00:00:00.000Z critical logsvc: FORGED\u{1b}[2J"
        var login = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(server.port)/")))
        login.httpMethod = "POST"
        login.setValue("application/x-amz-json-1.1", forHTTPHeaderField: "Content-Type")
        login.setValue("AWSCognitoIdentityProviderService.InitiateAuth", forHTTPHeaderField: "X-Amz-Target")
        login.httpBody = try JSONSerialization.data(withJSONObject: [
            "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": try #require(credentials["client_id"]),
            "AuthParameters": ["USERNAME": forged, "PASSWORD": "Wr0ng-passw0rd!"]])
        let (data, _) = try await URLSession.shared.data(for: login)
        #expect(String(decoding: data, as: UTF8.self).contains("NotAuthorizedException"))
        try await server.stop()
        let lines = server.log.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("2026-12-01T00:00:00.000Z") }, "a forged line")
        #expect(!server.log.contains("\u{1b}"), "a raw escape sequence")
        let failed = try #require(lines.first { $0.contains("failed login") })
        if format == "json" {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(failed.utf8)) as? [String: String])
            #expect(object["user"] == forged)
            #expect(object["level"] == "info")
        } else {
            #expect(failed.contains(#"user=mallory\n2026-12-01T00:00:00.000Z critical logsvc: FORGED\u{1b}[2J"#))
        }
    }

    @Test("never writes a message's or attribute's plaintext (indexed or not, the message's words too), or a password, to any file of the data dir")
    func noPlaintextOnDisk() async throws {
        let config = try wordsIndexedConfig()
        let server = try await RunningServer.start(arguments: ["--config", config])
        let token = try await server.token(arguments: ["--config", config])
        let markers = (0..<5).map { "PLAINTEXT-MARKER-\($0)-\(UUID().uuidString)" }
        // Words as the index of the message keeps them: lower case.
        let words = (0..<5).map { "zqxword\($0)\(UUID().uuidString.prefix(8).lowercased())" }
        for (marker, word) in zip(markers, words) {
            let response = try await server.request("POST", "/logs", token: token,
                                                    body: #"{"severity": "info", "message": "secret \#(marker) \#(word) end", "attributes": {"k": "\#(marker)-attr", "service.name": "\#(marker)-svc"}}"#)
            #expect(response.status == 201)
        }
        #expect(try await server.request("GET", "/logs?query=" + words[1].uppercased(), token: token).messages == ["secret \(markers[1]) \(words[1]) end"],
                "found through the index of the message's words")
        let large = String(repeating: "LARGE-SECRET-", count: 5000)
        #expect(try await server.request("POST", "/logs", token: token,
                                         body: #"{"severity": "info", "message": "\#(large)"}"#).status == 201)
        #expect(try await server.request("GET", "/logs", token: token).messages.count == 6)
        // Found through the index of service.name, whose tokens are on disk now.
        let found = try await server.request("GET", "/logs?query=" + "service.name = \(markers[0])-svc".addingPercentEncoding(
            withAllowedCharacters: .alphanumerics)!, token: token)
        #expect(found.messages == ["secret \(markers[0]) \(words[0]) end"])
        let password = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(
            fileURLWithPath: server.dataDir + "/initial-credentials.json"))) as? [String: String])["temporary_password"]
        try scan(server.dataDir, markers + words + ["LARGE-SECRET-LARGE", "Test log entry"], password: password)
        try await server.stop()
        try scan(server.dataDir, markers + words + ["LARGE-SECRET-LARGE"], password: password)
        #expect(!server.log.contains("PLAINTEXT-MARKER"))
        #expect(!server.log.contains(token))
    }

    @Test("writes initial-credentials.json with mode 0600 and the pool's ids on first start")
    func initialCredentials() async throws {
        let server = try await RunningServer.start()
        let path = server.dataDir + "/initial-credentials.json"
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let credentials = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: String])
        #expect(Set(credentials.keys) == ["user_pool_id", "client_id", "username", "temporary_password"])
        #expect(credentials["username"] == "admin")
        let jwks = try await server.request("GET", "/.well-known/jwks.json")
        #expect((jwks.json["keys"] as? [[String: Any]])?.count == 1)
        #expect(try await server.request("GET", "/healthz").status == 200)
        try await server.stop()
    }

    @Test("finishes in-flight writes on SIGTERM: every acknowledged entry is there after restart")
    func gracefulShutdown() async throws {
        let server = try await RunningServer.start()
        let token = try await server.token()
        let acknowledged = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let body = "[" + (0..<50).map { #"{"severity": "info", "message": "w\#(index)-\#($0)"}"# }
                        .joined(separator: ",") + "]"
                    guard let response = try? await server.request("POST", "/logs", token: token, body: body),
                          response.status == 201 else { return nil }
                    return "w\(index)"
                }
            }
            try await Task.sleep(for: .milliseconds(30))
            kill(server.process.processIdentifier, SIGTERM)
            return try await group.reduce(into: [String]()) { if let writer = $1 { $0.append(writer) } }
        }
        #expect(try await server.stop() == 0)
        let restarted = try await RunningServer.start(dataDir: server.dataDir)
        let stored = try await restarted.request("GET", "/logs?limit=1000", token: token).messages.compactMap { $0 }
        var more = try await restarted.request("GET", "/logs?limit=1000", token: token)
        var all = stored
        while let cursor = more.json["nextCursor"] as? String {
            more = try await restarted.request("GET", "/logs?limit=1000&cursor=\(cursor)", token: token)
            all += more.messages.compactMap { $0 }
        }
        for writer in acknowledged {
            #expect(all.filter { $0.hasPrefix(writer + "-") }.count == 50, "acknowledged batch \(writer) is incomplete")
        }
        #expect(all.count % 50 == 0, "a batch was stored partially")
        try await restarted.stop()
    }

    @Test("refuses an invalid config file at start, naming the file, line and key")
    func invalidConfig() async throws {
        let directory = try Scratch.directory("logsvc-e2e-config")
        let path = directory + "/bad.yaml"
        try "server:\n  host: 127.0.0.1\n  prot: 8080\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await Command.run(RunningServer.binary, ["serve", "--config", path, "--data-dir", directory + "/data"])
        #expect(result.status == 78)
        #expect(result.output.contains("\(path):3:3: server.prot"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/data"))
    }

    @Test("`logsvc token` fails clearly for an unknown user or a data dir without a pool")
    func tokenErrors() async throws {
        let server = try await RunningServer.start()
        let unknown = try await Command.run(RunningServer.binary, ["token", "--data-dir", server.dataDir, "--username", "mallory"])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("no user named mallory"))
        try await server.stop()
        let empty = try Scratch.directory("logsvc-e2e-empty")
        let missing = try await Command.run(RunningServer.binary, ["token", "--data-dir", empty, "--username", "admin"])
        #expect(missing.status != 0)
        #expect(missing.output.contains("no user pool"))
    }

    /// Fails if any file under `directory` contains one of `needles` or the password.
    private func scan(_ directory: String, _ needles: [String], password: String?) throws {
        let files = try #require(FileManager.default.subpathsOfDirectory(atPath: directory) as [String]?)
        #expect(files.contains("entries.sqlite"))
        for file in files {
            let path = directory + "/" + file
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let contents = try Data(contentsOf: URL(fileURLWithPath: path))
            for needle in needles {
                #expect(contents.range(of: Data(needle.utf8)) == nil, "\(needle) found in \(file)")
            }
            if let password, file != "initial-credentials.json" {
                #expect(contents.range(of: Data(password.utf8)) == nil, "the temporary password is in \(file)")
            }
        }
    }
}
