import Config
import Testing

@Suite("Decoding a whole configuration")
struct DecodingTests {
    @Test("a nested configuration decodes ints, bools, strings, doubles, optionals, arrays, dictionaries and enums")
    func decodesNestedConfiguration() throws {
        let yaml = """
            server:
              host: logs.example.com
              port: 8443
              tls: true
              banner: "hello: world"
            storage:
              path: /data
              group_commit:
                - 8
                - 16
              sample_rate: 0.25
            log_level: warning
            routes:
              auth:
                timeout_ms: 100
                retries: -1
              query: {timeout_ms: 5000, retries: 0}
            tags: [a, b]
            """
        let config = try YAMLDecoder().decode(ServiceConfig.self, from: yaml, file: "logsvc.yaml")
        #expect(config == ServiceConfig(
            server: .init(host: "logs.example.com", port: 8443, tls: true, banner: "hello: world"),
            storage: .init(path: "/data", groupCommit: [8, 16], sampleRate: 0.25),
            logLevel: .warning,
            routes: [
                "auth": .init(timeoutMs: 100, retries: -1),
                "query": .init(timeoutMs: 5000, retries: 0),
            ],
            tags: ["a", "b"]))
    }

    @Test("an absent optional and an explicit null both decode as nil")
    func optionalsDecodeAsNil() throws {
        #expect(try decodeService("").server.banner == nil)
        #expect(try decodeService("server:\n  banner: null\n").server.banner == nil)
        #expect(try decodeService("server:\n  banner: ~\n").server.banner == nil)
        #expect(try decodeService("server:\n  banner:\n").server.banner == nil)
        #expect(try decodeService("server:\n  banner: 'null'\n").server.banner == "null")
    }

    @Test("an empty file, or one holding only comments, decodes to all the defaults")
    func emptyFileIsAllDefaults() throws {
        let defaults = try YAMLDecoder().decode(ServiceConfig.self, from: serviceDefaults, file: "defaults.yaml")
        #expect(defaults.server.port == 8080)
        #expect(try decodeService("") == defaults)
        #expect(try decodeService("# nothing to change\n\n# at all\n") == defaults)
        #expect(try decodeService("---\n") == defaults)
    }

    @Test("an alias decodes as a copy of the node it names")
    func aliasesResolveToTheAnchoredNode() throws {
        let config = try decodeService("""
            routes:
              auth: &standard
                timeout_ms: 900
                retries: 2
              query: *standard
            """)
        #expect(config.routes["query"] == ServiceConfig.Route(timeoutMs: 900, retries: 2))
        #expect(config.routes["auth"] == config.routes["query"])
    }

    @Test("codingPath names the keys and indices leading to the value being decoded")
    func codingPathIsCorrect() throws {
        struct PathRecorder: Decodable {
            let path: String
            init(from decoder: any Decoder) throws {
                path = decoder.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "/")
                _ = try decoder.singleValueContainer().decode(String.self)
            }
        }
        struct Outer: Decodable {
            let list: [[String: PathRecorder]]
        }
        let outer = try YAMLDecoder().decode(Outer.self, from: "list:\n  - {x: 1}\n  - {y: 2}\n", file: "f")
        #expect(outer.list.map { $0.values.map(\.path) } == [["list/[0]/x"], ["list/[1]/y"]])
    }

    @Test("a type may enumerate a mapping's keys itself, which marks all of them as used")
    func dictionariesUseAllKeys() throws {
        struct Limits: Decodable {
            let perTenant: [String: Int]
            enum CodingKeys: String, CodingKey { case perTenant = "per_tenant" }
        }
        let limits = try YAMLDecoder().decode(Limits.self, from: "per_tenant:\n  acme: 5\n  globex: 7\n", file: "f")
        #expect(limits.perTenant == ["acme": 5, "globex": 7])
    }

    @Test("a custom init(from:) using superDecoder and nested containers sees the right nodes")
    func customDecodingUsesNestedContainers() throws {
        struct Custom: Decodable {
            let first: Int
            let second: String
            enum Keys: String, CodingKey { case pair, label }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                var pair = try container.nestedUnkeyedContainer(forKey: .pair)
                first = try pair.decode(Int.self)
                #expect(try pair.decodeNil())
                #expect(pair.isAtEnd)
                second = try String(from: container.superDecoder(forKey: .label))
            }
        }
        let custom = try YAMLDecoder().decode(Custom.self, from: "pair: [3, null]\nlabel: x\n", file: "f")
        #expect(custom.first == 3)
        #expect(custom.second == "x")
    }
}
