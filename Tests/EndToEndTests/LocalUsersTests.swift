import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

@Suite("Users, roles and tenants of the local pool, end to end", .serialized)
struct LocalUsersTests {
    @Test("users created with the CLI log in, and writer, reader and tenant boundaries hold")
    func rolesAndTenants() async throws {
        let server = try await RunningServer.start()
        var tokens: [String: String] = [:]
        for (name, tenant, groups) in [("wendy", "acme", "writer"), ("rita", "acme", "reader"), ("olga", "globex", "")] {
            let output = try await server.admin(["users", "create", name, "--tenant", tenant, "--groups", groups,
                                            "--temporary-password", "Temp-Passw0rd"])
            #expect(output.contains("created \(name) in tenant \(tenant)"))
            tokens[name] = try await server.login(name, temporaryPassword: "Temp-Passw0rd")
        }
        let entry = #"{"severity": "info", "message": "acme only"}"#
        #expect(try await server.request("POST", "/logs", token: tokens["wendy"], body: entry).status == 201)
        #expect(try await server.request("GET", "/logs", token: tokens["wendy"]).status == 403)
        #expect(try await server.request("POST", "/logs", token: tokens["rita"], body: entry).status == 403)
        #expect(try await server.request("GET", "/logs", token: tokens["rita"]).messages == ["acme only"])
        #expect(try await server.request("GET", "/logs", token: tokens["olga"]).messages.isEmpty)
        #expect(try await server.request("POST", "/logs", token: tokens["olga"], body: #"{"severity": "info", "message": "globex"}"#).status == 201)
        #expect(try await server.request("GET", "/logs", token: tokens["rita"]).messages == ["acme only"])
        #expect(try await server.admin(["users", "list"]).contains("rita\tacme\treader\tCONFIRMED\ttrue"))
        _ = try await server.admin(["users", "disable", "olga"])
        let disabled = try await Command.run(RunningServer.binary, ["token", "--data-dir", server.dataDir, "--username", "olga"])
        #expect(disabled.status != 0)
        try await server.stop()
    }

    @Test("a machine client created with the CLI writes its tenant with the client credentials grant")
    func machineClient() async throws {
        let server = try await RunningServer.start()
        let (id, secret) = try await server.createClient(tenant: "acme")
        let token = try await server.clientToken(id: id, secret: secret)
        #expect(try await server.request("POST", "/logs", token: token, body: #"{"severity": "info", "message": "machine"}"#).status == 201)
        #expect(try await server.admin(["clients", "list"]).contains("\(id)\tacme"))
        let identity = try Data(contentsOf: URL(fileURLWithPath: server.dataDir + "/identity.sqlite"))
        #expect(identity.range(of: Data(secret.utf8)) == nil, "the client secret is stored only as a hash")
        try await server.stop()
    }

    @Test("`logsvc keys rotate-signing` adds a key the running server signs with, and old tokens keep working")
    func rotateSigning() async throws {
        let server = try await RunningServer.start()
        let before = try await server.token()
        let output = try await server.admin(["keys", "rotate-signing"])
        #expect(output.contains("new signing key"))
        let jwks = try await server.request("GET", "/.well-known/jwks.json")
        #expect((jwks.json["keys"] as? [Any])?.count == 2)
        #expect(try await server.request("GET", "/logs", token: before).status == 200)
        #expect(try await server.request("GET", "/logs", token: try await server.token()).status == 200)
        try await server.stop()
    }
}
