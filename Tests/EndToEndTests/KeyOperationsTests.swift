import CryptoPrimitives
import Foundation
import TestSupport
import Testing

private func environment(masterKey: String?) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["LOGSVC_MASTER_KEY"] = masterKey
    return environment
}

@Suite("Key operations on a running service", .serialized)
struct KeyOperationsTests {
    @Test("rotate, rewrap and retire key-encryption keys while the service runs; every entry still reads")
    func rotateRewrapRetire() async throws {
        let server = try await RunningServer.start()
        let token = try await server.token()
        #expect(try await server.request("POST", "/logs", token: token, body: #"{"severity": "info", "message": "under v1"}"#).status == 201)
        #expect(try await server.admin(["keys", "rotate"]).contains("version 2 is current"))
        let refused = try await Command.run(RunningServer.binary, ["keys", "retire", "1", "--data-dir", server.dataDir])
        #expect(refused.status != 0)
        #expect(refused.output.contains("still wrapped under version 1"))
        let rewrap = try await server.admin(["keys", "rewrap"])
        #expect(rewrap.contains("rewrapped 1, 0 remaining"), "progress lines when not on a terminal")
        #expect(try await server.admin(["keys", "status"]).contains("1\t0\told"))
        _ = try await server.admin(["keys", "retire", "1"])
        #expect(try await server.request("POST", "/logs", token: token, body: #"{"severity": "info", "message": "after"}"#).status == 201)
        #expect(try await server.request("GET", "/logs", token: token).messages == ["after", "under v1"])
        try await server.stop()
        let restarted = try await RunningServer.start(dataDir: server.dataDir)
        #expect(try await restarted.request("GET", "/logs", token: token).messages == ["after", "under v1"])
        try await restarted.stop()
    }

    @Test("shredding a tenant makes its entries read as key_destroyed while other tenants keep theirs")
    func shredTenant() async throws {
        let server = try await RunningServer.start()
        let admin = try await server.token()
        _ = try await server.admin(["users", "create", "gina", "--tenant", "globex", "--temporary-password", "Temp-Passw0rd"])
        let gina = try await server.login("gina", temporaryPassword: "Temp-Passw0rd")
        #expect(try await server.request("POST", "/logs", token: admin, body: #"{"severity": "info", "message": "default tenant"}"#).status == 201)
        #expect(try await server.request("POST", "/logs", token: gina, body: #"{"severity": "info", "message": "globex"}"#).status == 201)
        let unconfirmed = try await Command.run(RunningServer.binary, ["tenants", "shred", "default", "--data-dir", server.dataDir])
        #expect(unconfirmed.status != 0)
        #expect(unconfirmed.output.contains("--confirm"))
        #expect(try await server.admin(["tenants", "shred", "default", "--confirm"]).contains("destroyed 1 data keys"))
        try await Task.sleep(for: .seconds(2.5))
        let shredded = try await server.request("GET", "/logs", token: admin)
        #expect(shredded.status == 200)
        let entries = try #require(shredded.json["logs"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries[0]["message"] is NSNull)
        #expect((entries[0]["error"] as? [String: Any])?["code"] as? String == "key_destroyed")
        #expect(try await server.request("GET", "/logs", token: gina).messages == ["globex"])
        #expect(try await server.request("POST", "/logs", token: admin, body: #"{"severity": "info", "message": "fresh"}"#).status == 201)
        #expect(try await server.request("GET", "/logs", token: admin).messages == ["fresh", nil])
        try await server.stop()
    }

    @Test("with LOGSVC_MASTER_KEY no key file is written; without it or with a wrong one the service refuses to start")
    func masterKeyFromEnvironment() async throws {
        let key = Data(try SecureRandom.bytes(32)).base64EncodedString()
        let server = try await RunningServer.start(environment: environment(masterKey: key))
        let token = try await server.token(environment: environment(masterKey: key))
        #expect(try await server.request("POST", "/logs", token: token, body: #"{"severity": "info", "message": "kept"}"#).status == 201)
        #expect(!FileManager.default.fileExists(atPath: server.dataDir + "/master.key"))
        try await server.stop()
        let keyring = try Data(contentsOf: URL(fileURLWithPath: server.dataDir + "/keyring.json"))
        let wrong = Data(try SecureRandom.bytes(32)).base64EncodedString()
        for (masterKey, complaint) in [(nil, "master key is missing"), (wrong, "master key does not open the keyring")] {
            let result = try await Command.run(RunningServer.binary, ["serve", "--data-dir", server.dataDir, "--port", "0"],
                                         environment: environment(masterKey: masterKey))
            #expect(result.status == 78)
            #expect(result.output.contains(complaint), "\(result.output)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: server.dataDir + "/keyring.json")) == keyring, "nothing is overwritten")
        let again = try await RunningServer.start(dataDir: server.dataDir, environment: environment(masterKey: key))
        #expect(try await again.request("GET", "/logs", token: token).messages == ["kept"])
        try await again.stop()
    }
}
