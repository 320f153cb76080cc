import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// The documented bound for a change made by the admin CLI to hold in the running server (docs/security.md).
private let propagation: Duration = .seconds(2)

@Suite("Revocation by the admin CLI in a running server, end to end", .serialized)
struct RevocationEndToEndTests {
    @Test("`users disable`, `users delete` and `users reset-password` refuse tokens in use within 2 seconds")
    func users() async throws {
        let server = try await RunningServer.start()
        var tokens: [String: String] = [:]
        for name in ["dina", "dave", "rosa"] {
            _ = try await server.admin(["users", "create", name, "--tenant", "acme", "--temporary-password", "Temp-Passw0rd"])
            tokens[name] = try await server.login(name, temporaryPassword: "Temp-Passw0rd")
            #expect(try await server.request("GET", "/logs", token: tokens[name]).status == 200)
        }
        _ = try await server.admin(["users", "disable", "dina"])
        _ = try await server.admin(["users", "delete", "dave"])
        _ = try await server.admin(["users", "reset-password", "rosa"])
        try await Task.sleep(for: propagation)
        for name in ["dina", "dave", "rosa"] {
            let read = try await server.request("GET", "/logs", token: tokens[name])
            #expect(read.status == 401, "\(name)'s token still reads")
            #expect(read.errorCode == "unauthenticated")
            let write = try await server.request("POST", "/logs", token: tokens[name], body: #"{"severity": "info", "message": "m"}"#)
            #expect(write.status == 401, "\(name)'s token still writes")
        }
        try await server.stop()
    }

    @Test("`clients delete` refuses a client's token that already wrote, within 2 seconds")
    func machineClient() async throws {
        let server = try await RunningServer.start()
        let (id, secret) = try await server.createClient(tenant: "acme")
        let token = try await server.clientToken(id: id, secret: secret)
        let entry = #"{"severity": "info", "message": "machine"}"#
        #expect(try await server.request("POST", "/logs", token: token, body: entry).status == 201)
        _ = try await server.admin(["clients", "delete", id])
        try await Task.sleep(for: propagation)
        #expect(try await server.request("POST", "/logs", token: token, body: entry).status == 401)
        try await server.stop()
    }

    @Test("`keys revoke-signing` refuses every token of the key within 2 seconds; the key that signs now only with --rotate")
    func revokeSigning() async throws {
        let server = try await RunningServer.start()
        let before = try await server.token()
        #expect(try await server.request("GET", "/logs", token: before).status == 200)
        let jwks = try await server.request("GET", "/.well-known/jwks.json")
        let kid = try #require((jwks.json["keys"] as? [[String: Any]])?.first?["kid"] as? String)
        let refused = try await Command.run(RunningServer.binary, ["keys", "revoke-signing", kid, "--data-dir", server.dataDir])
        #expect(refused.status != 0)
        #expect(refused.output.contains("--rotate"))
        let output = try await server.admin(["keys", "revoke-signing", kid, "--rotate"])
        #expect(output.contains("new signing key"))
        try await Task.sleep(for: propagation)
        #expect(try await server.request("GET", "/logs", token: before).status == 401)
        let after = try await server.request("GET", "/.well-known/jwks.json")
        #expect((after.json["keys"] as? [[String: Any]])?.compactMap { $0["kid"] as? String }.contains(kid) == false)
        #expect(try await server.request("GET", "/logs", token: try await server.token()).status == 200)
        try await server.stop()
    }
}
