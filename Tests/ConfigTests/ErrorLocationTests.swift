import Config
import Testing

@Suite("Errors name the file, line and key path")
struct ErrorLocationTests {
    @Test("an unclosed quote is a syntax error carrying libyaml's problem and position")
    func unclosedQuote() throws {
        let error = try #require(configError { _ = try decodeService("server:\n  host: \"logs\n  port: 1\n") })
        #expect(error.file == "logsvc.yaml")
        #expect(error.line == 4)
        #expect(error.keyPath == "server.host")
        #expect(error.message.contains("found unexpected end of stream"))
        #expect(error.message.contains("quoted scalar"))
    }

    @Test("bad indentation is a syntax error at the offending line")
    func badIndentation() throws {
        let error = try #require(configError { _ = try decodeService("server:\n    host: a\n  port: 1\n") })
        #expect(error.file == "logsvc.yaml")
        #expect(error.line == 3)
        #expect(error.keyPath == "")
        #expect(error.message.contains("did not find expected key"))
    }

    @Test("a value of the wrong type names its line, key path and what was found")
    func wrongType() {
        #expect(configError { _ = try decodeService("log_level: info\nserver:\n  port: abc\n") }
            == ConfigError(file: "logsvc.yaml", line: 3, column: 9, keyPath: "server.port",
                           message: "expected an integer, found \"abc\""))
        #expect(configError { _ = try decodeService("server:\n  port: \"80\"\n") }?.message
            == "expected an integer, found the quoted string \"80\"")
        #expect(configError { _ = try decodeService("server: [1]\n") }
            == ConfigError(file: "logsvc.yaml", line: 1, column: 9, keyPath: "server",
                           message: "expected a mapping, found a sequence"))
        #expect(configError { _ = try decodeService("storage:\n  group_commit: [1, 2, x]\n") }
            == ConfigError(file: "logsvc.yaml", line: 2, column: 24, keyPath: "storage.group_commit[2]",
                           message: "expected an integer, found \"x\""))
        #expect(configError { _ = try decodeService("tags: {a: 1}\n") }?.message
            == "expected a sequence, found a mapping")
    }

    @Test("a misspelt key is an unknown key at the line where it is written")
    func unknownTopLevelKey() {
        #expect(configError { _ = try decodeService("server:\n  port: 1\nlog_levle: debug\n") }
            == ConfigError(file: "logsvc.yaml", line: 3, column: 1, keyPath: "log_levle", message: "unknown key"))
    }

    @Test("an unknown key two levels deep is reported with its full key path")
    func unknownNestedKey() {
        #expect(configError { _ = try decodeService("routes:\n  auth:\n    retries: 1\n    timeout: 5\n") }
            == ConfigError(file: "logsvc.yaml", line: 4, column: 5, keyPath: "routes.auth.timeout", message: "unknown key"))
    }

    @Test("an unknown key inside a sequence element names the element's index")
    func unknownKeyInSequenceElement() {
        struct Listener: Decodable { let port: Int }
        struct Root: Decodable { let listeners: [Listener] }
        #expect(configError { _ = try YAMLDecoder().decode(Root.self, from: "listeners:\n  - port: 1\n  - port: 2\n    prot: 3\n", file: "f") }
            == ConfigError(file: "f", line: 4, column: 5, keyPath: "listeners[1].prot", message: "unknown key"))
    }

    @Test("an unknown key that only the defaults contain is reported against the defaults")
    func unknownKeyInDefaults() {
        struct Small: Decodable { let port: Int }
        #expect(configError { _ = try YAMLDecoder().decode(Small.self, from: "port: 1\n", file: "f", defaults: "port: 2\nhost: x\n") }
            == ConfigError(file: "<defaults>", line: 2, column: 1, keyPath: "host", message: "unknown key"))
    }

    @Test("a missing required key is reported at its mapping, naming the key")
    func missingRequiredKey() {
        #expect(configError { _ = try YAMLDecoder().decode(ServiceConfig.Route.self, from: "\n\nretries: 1\n", file: "route.yaml") }
            == ConfigError(file: "route.yaml", line: 3, column: 1, keyPath: "timeout_ms", message: "missing required key"))
        #expect(configError { _ = try decodeService("routes:\n  query:\n    retries: 1\n") }
            == ConfigError(file: "logsvc.yaml", line: 3, column: 5, keyPath: "routes.query.timeout_ms", message: "missing required key"))
    }

    @Test("a key given twice in one mapping is an error at its second occurrence")
    func duplicateKey() {
        #expect(configError { _ = try decodeService("server:\n  port: 1\n  host: a\n  port: 2\n") }
            == ConfigError(file: "logsvc.yaml", line: 4, column: 3, keyPath: "server.port", message: "duplicate key"))
    }

    @Test("an enum value outside its cases lists the allowed values")
    func invalidEnumValue() {
        #expect(configError { _ = try decodeService("\nlog_level: purple\n") }
            == ConfigError(file: "logsvc.yaml", line: 2, column: 12, keyPath: "log_level",
                           message: "\"purple\" is not one of the allowed values (debug, info, warning, error)"))
    }

    @Test("a DecodingError thrown by a type's own init(from:) becomes a ConfigError at that node")
    func customDecodingErrorIsConverted() {
        struct Percent: Decodable {
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                let value = try container.decode(Int.self)
                guard (0...100).contains(value) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be between 0 and 100")
                }
            }
        }
        struct Root: Decodable { let load: Percent }
        #expect(configError { _ = try YAMLDecoder().decode(Root.self, from: "load: 130\n", file: "f") }
            == ConfigError(file: "f", line: 1, column: 7, keyPath: "load", message: "must be between 0 and 100"))
    }

    @Test("a file holding two documents is rejected at the second one")
    func twoDocuments() {
        #expect(configError { _ = try decodeService("server:\n  port: 1\n---\nserver:\n  port: 2\n") }
            == ConfigError(file: "logsvc.yaml", line: 3, column: 1, keyPath: "",
                           message: "expected a single YAML document, found a second one"))
    }

    @Test("an alias to an anchor that does not exist is an error")
    func undefinedAlias() {
        let error = configError { _ = try decodeService("server:\n  host: *nowhere\n") }
        #expect(error?.line == 2)
        #expect(error?.keyPath == "server.host")
        #expect(error?.message == "alias *nowhere refers to no anchor before it")
    }

    @Test("a syntax error in the defaults is reported against the defaults")
    func brokenDefaults() {
        struct Small: Decodable { let port: Int }
        #expect(configError { _ = try YAMLDecoder().decode(Small.self, from: "", file: "f", defaults: "port: [1\n") }?.file
            == "<defaults>")
    }

    @Test("description reads file:line:column: key path: message")
    func descriptionFormat() {
        let error = ConfigError(file: "a.yaml", line: 3, column: 5, keyPath: "server.port", message: "unknown key")
        #expect(error.description == "a.yaml:3:5: server.port: unknown key")
        #expect(ConfigError(file: "a.yaml", line: 1, column: 1, keyPath: "", message: "bad").description == "a.yaml:1:1: bad")
    }
}
