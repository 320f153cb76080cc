import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// Logs in through the Cognito wire protocol over HTTP: temporary password, forced change, ID token.
private func login(_ server: RunningServer, clientID: String, username: String, temporaryPassword: String) async throws -> String {
    func call(_ operation: String, _ body: [String: Any]) async throws -> [String: Any] {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(server.port)/")))
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

/// Runs a `logsvc` admin command on the server's data dir; returns its output.
private func admin(_ server: RunningServer, _ arguments: [String]) throws -> String {
    let result = try Command.run(RunningServer.binary, arguments + ["--data-dir", server.dataDir])
    try #require(result.status == 0, "logsvc \(arguments.joined(separator: " ")) failed: \(result.output)")
    return result.output
}

@Suite("Users, roles and tenants of the local pool, end to end", .serialized)
struct LocalUsersTests {
    @Test("users created with the CLI log in, and writer, reader and tenant boundaries hold")
    func rolesAndTenants() async throws {
        let server = try await RunningServer.start()
        let clientID = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(
            fileURLWithPath: server.dataDir + "/initial-credentials.json"))) as? [String: String])["client_id"] ?? ""
        var tokens: [String: String] = [:]
        for (name, tenant, groups) in [("wendy", "acme", "writer"), ("rita", "acme", "reader"), ("olga", "globex", "")] {
            let output = try admin(server, ["users", "create", name, "--tenant", tenant, "--groups", groups,
                                            "--temporary-password", "Temp-Passw0rd"])
            #expect(output.contains("created \(name) in tenant \(tenant)"))
            tokens[name] = try await login(server, clientID: clientID, username: name, temporaryPassword: "Temp-Passw0rd")
        }
        let entry = #"{"severity": "info", "message": "acme only"}"#
        #expect(try await server.request("POST", "/logs", token: tokens["wendy"], body: entry).status == 201)
        #expect(try await server.request("GET", "/logs", token: tokens["wendy"]).status == 403)
        #expect(try await server.request("POST", "/logs", token: tokens["rita"], body: entry).status == 403)
        #expect(try await server.request("GET", "/logs", token: tokens["rita"]).messages == ["acme only"])
        #expect(try await server.request("GET", "/logs", token: tokens["olga"]).messages.isEmpty)
        #expect(try await server.request("POST", "/logs", token: tokens["olga"], body: #"{"severity": "info", "message": "globex"}"#).status == 201)
        #expect(try await server.request("GET", "/logs", token: tokens["rita"]).messages == ["acme only"])
        #expect(try admin(server, ["users", "list"]).contains("rita\tacme\treader\tCONFIRMED\ttrue"))
        _ = try admin(server, ["users", "disable", "olga"])
        let disabled = try Command.run(RunningServer.binary, ["token", "--data-dir", server.dataDir, "--username", "olga"])
        #expect(disabled.status != 0)
        try await server.stop()
    }

    @Test("a machine client created with the CLI writes its tenant with the client credentials grant")
    func machineClient() async throws {
        let server = try await RunningServer.start()
        let output = try admin(server, ["clients", "create", "--tenant", "acme"])
        let fields = Dictionary(uniqueKeysWithValues: output.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        })
        let id = try #require(fields["client_id"])
        let secret = try #require(fields["client_secret"])
        let basic = Data("\(id):\(secret)".utf8).base64EncodedString()
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(server.port)/oauth2/token")))
        request.httpMethod = "POST"
        request.setValue("Basic \(basic)", forHTTPHeaderField: "Authorization")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("grant_type=client_credentials".utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        let token = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["access_token"] as? String)
        #expect(try await server.request("POST", "/logs", token: token, body: #"{"severity": "info", "message": "machine"}"#).status == 201)
        #expect(try admin(server, ["clients", "list"]).contains("\(id)\tacme"))
        let identity = try Data(contentsOf: URL(fileURLWithPath: server.dataDir + "/identity.sqlite"))
        #expect(identity.range(of: Data(secret.utf8)) == nil, "the client secret is stored only as a hash")
        try await server.stop()
    }

    @Test("`logsvc keys rotate-signing` adds a key the running server signs with, and old tokens keep working")
    func rotateSigning() async throws {
        let server = try await RunningServer.start()
        let before = try server.token()
        let output = try admin(server, ["keys", "rotate-signing"])
        #expect(output.contains("new signing key"))
        let jwks = try await server.request("GET", "/.well-known/jwks.json")
        #expect((jwks.json["keys"] as? [Any])?.count == 2)
        #expect(try await server.request("GET", "/logs", token: before).status == 200)
        #expect(try await server.request("GET", "/logs", token: try server.token()).status == 200)
        try await server.stop()
    }
}
