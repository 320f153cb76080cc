import Bus
import Composition
import Query
import Config
import Foundation
import Model
import TestSupport
import Testing
import Gateway

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func write(_ yaml: String) throws -> String {
    let path = try Scratch.directory("logsvc-config") + "/logsvc.yaml"
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test("config/logsvc.yaml is exactly the embedded defaults")
    func documentedDefaults() throws {
        let file = try String(contentsOf: repository.appendingPathComponent("config/logsvc.yaml"), encoding: .utf8)
        #expect(file == DefaultConfiguration.yaml + "\n",
                "run scripts/embed-default-config after changing config/logsvc.yaml")
        #expect(try ConfigurationLoader.load(path: repository.appendingPathComponent("config/logsvc.yaml").path)
                == ConfigurationLoader.load(path: nil))
    }

    @Test("the defaults host every module on 127.0.0.1:8080 with a route for every topic")
    func defaults() throws {
        let config = try ConfigurationLoader.load(path: nil)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.port == 8080)
        #expect(Set(config.modules) == LogService.moduleNames)
        #expect(Set(config.bus.routes.keys) == Set(Topics.allNames))
        #expect(config.query.defaultLimit == 100)
    }

    @Test("a file changes only the keys it names")
    func overrides() throws {
        let config = try ConfigurationLoader.load(path: try write("""
            server:
              port: 9000
            bus:
              routes:
                ingest.put: {module: ingest, concurrency: 2, queue: 4, timeout_ms: 500}
            """))
        #expect(config.server.port == 9000)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.bus.routes["ingest.put"]?.concurrency == 2)
        #expect(config.bus.routes["auth.verify"]?.concurrency == 64)
    }

    @Test("an invalid file is refused with its path, line and key", arguments: [
        ("server:\n  port: eighty\n", 2, "server.port"),
        ("server:\n  prot: 80\n", 2, "server.prot"),
        ("storage:\n  backend: oracle\n", 2, "storage.backend"),
        ("gateway:\n  max_body_bytes: 1\nquery:\n  default_limit: [1]\n", 4, "query.default_limit"),
        ("auth:\n  ungrouped_roles: [reader, auditor]\n", 2, "auth.ungrouped_roles[1]"),
        ("gateway:\n  client_address:\n    trusted_proxies: [10.0.0.0/8, 10.0.0.0/33]\n", 3, "gateway.client_address.trusted_proxies[1]"),
        ("gateway:\n  client_address:\n    header: \"X Forwarded\"\n", 3, "gateway.client_address.header"),
    ])
    func invalidFiles(yaml: String, line: Int, key: String) throws {
        let path = try write(yaml)
        let error = #expect(throws: ConfigError.self) { try ConfigurationLoader.load(path: path) }
        #expect(error?.file == path)
        #expect(error?.line == line)
        #expect(error?.keyPath == key)
    }

    @Test("a process hosts only the modules its configuration names")
    func hostedModules() async throws {
        let (service, dataDir) = try await makeTestService { $0.modules = ["auth", "query", "crypto"] }
        #expect(service.bus.hosts("query"))
        #expect(!service.bus.hosts("ingest"))
        #expect(Set(service.bus.statistics().map(\.topic))
                == Set(Topics.allNames).subtracting(["ingest.put"]))
        #expect(FileManager.default.fileExists(atPath: dataDir + "/identity.sqlite"))
        await service.shutdown()
    }

    @Test("a route to a module that does not exist stops the start with a clear error")
    func badRoute() async throws {
        await #expect(throws: StartupError.self) {
            try await makeTestService {
                $0.bus.routes["ingest.put"] = Route(module: "billing", concurrency: 1, queue: 1, timeoutMilliseconds: 1)
            }
        }
    }
}
