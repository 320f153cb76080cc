import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// The documented bound for an API key revoked by the admin CLI to be refused by a running server.
private let revocationBound: Duration = .seconds(5)

@Suite("API keys made and revoked with the admin CLI, end to end", .serialized)
struct APIKeyEndToEndTests {
    @Test("`api-keys create` prints a key the running server accepts; `api-keys revoke` makes it refuse the key within 5 seconds")
    func createUseRevoke() async throws {
        let server = try await RunningServer.start()
        let (id, key) = try RunningServer.createdKey(try await server.admin(["api-keys", "create", "--tenant", "acme", "--name", "deploy bot",
                                                               "--expires-in", "90d"]))
        #expect(key.hasPrefix("lsk_\(id)_"))
        let entry = #"{"severity": "info", "message": "from a key"}"#
        #expect(try await server.request("POST", "/logs", token: "Bearer \(key)", body: entry).status == 201)
        #expect(try await server.request("GET", "/logs", token: key).status == 403, "a writer key may not read")
        let (readerID, reader) = try RunningServer.createdKey(try await server.admin(["api-keys", "create", "--tenant", "acme", "--role", "reader"]))
        let read = try await server.request("GET", "/logs", token: reader)
        #expect(read.messages == ["from a key"], "a key the CLI just made works at its first use: \(read.status)")
        let listed = try await server.admin(["api-keys", "list"])
        #expect(listed.contains("\(id)\tdeploy bot\tacme\twriter\t"))
        #expect(listed.contains("\(readerID)\t-\tacme\treader\t"))
        #expect(!listed.contains(String(key.suffix(43))) && !listed.contains(String(reader.suffix(43))))

        _ = try await server.admin(["api-keys", "revoke", id])
        let clock = ContinuousClock()
        let revokedAt = clock.now
        var refused = try await server.request("POST", "/logs", token: key, body: entry)
        while refused.status != 401, clock.now - revokedAt < revocationBound {
            try await Task.sleep(for: .milliseconds(100))
            refused = try await server.request("POST", "/logs", token: key, body: entry)
        }
        #expect(refused.status == 401, "the revoked key still works after \(revocationBound)")
        #expect(refused.errorCode == "unauthenticated")
        let stored = try await server.request("GET", "/logs", token: reader).messages.count
        #expect(try await server.request("POST", "/logs", token: key, body: entry).status == 401)
        #expect(try await server.request("GET", "/logs", token: reader).messages.count == stored, "a refused request stores nothing")
        #expect(!(try await server.admin(["api-keys", "list"])).contains(id))
        let again = try await Command.run(RunningServer.binary, ["api-keys", "revoke", id, "--data-dir", server.dataDir])
        #expect(again.status != 0)
        try await server.stop()

        var identity = Data()
        for file in try FileManager.default.contentsOfDirectory(atPath: server.dataDir) where file.hasPrefix("identity.sqlite") {
            identity += try Data(contentsOf: URL(fileURLWithPath: server.dataDir + "/" + file))
        }
        for secret in [key, reader].map({ String($0.suffix(43)) }) {
            #expect(identity.range(of: Data(secret.utf8)) == nil, "a secret in identity.sqlite")
            #expect(!server.log.contains(secret), "a secret in the service's output")
        }
    }

    @Test("`api-keys create` refuses a bad role, lifetime or tenant with a message and status 1")
    func refusals() async throws {
        let server = try await RunningServer.start()
        for arguments in [["--role", "owner"], ["--expires-in", "90"], ["--expires-in", "10s"], ["--name", "tab\there"]] {
            let result = try await Command.run(RunningServer.binary, ["api-keys", "create", "--tenant", "acme", "--data-dir", server.dataDir]
                                               + arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.output.contains("logsvc: "), "\(arguments): \(result.output)")
        }
        try await server.stop()
    }
}
