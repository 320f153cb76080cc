import Config
import Testing

/// A listener with rules beyond its types, as every settings type of the service declares them.
private struct Listener: Decodable, ConfigValidating {
    let port: Int
    let minWorkers: Int
    let maxWorkers: Int
    let mode: String

    enum CodingKeys: String, CodingKey {
        case port, mode
        case minWorkers = "min_workers"
        case maxWorkers = "max_workers"
    }

    func validate(_ rules: inout ConfigRules) {
        rules.require(port, in: 0...65535, at: "port")
        rules.require(mode, oneOf: ["fast", "safe"], at: "mode")
        rules.require(minWorkers, in: 1..., at: "min_workers")
        rules.require(minWorkers <= maxWorkers, at: ["min_workers"], related: [["max_workers"]],
                      rule: "min_workers (\(minWorkers)) must be at most max_workers (\(maxWorkers))")
    }
}

private struct Root: Decodable {
    let listeners: [String: Listener]
}

private let defaults = """
    listeners:
      public: {port: 8080, min_workers: 1, max_workers: 4, mode: safe}
    """

private func decode(_ text: String, overrides: [ConfigOverride] = []) throws(ConfigError) -> Root {
    try YAMLDecoder().decode(Root.self, from: text, file: "app.yaml", defaults: defaults, overrides: overrides)
}

@Suite("Values are checked against their rules, with file, line, key and what is allowed")
struct ValidationTests {
    @Test("a value out of its range is refused at its line, naming the range and the value")
    func range() {
        #expect(configError { _ = try decode("listeners:\n  public:\n    port: 99999\n") }
            == ConfigError(file: "app.yaml", line: 3, column: 11, keyPath: "listeners.public.port",
                           message: "must be 0...65535, found 99999"))
        #expect(configError { _ = try decode("listeners:\n  public:\n    min_workers: -5\n    max_workers: 9\n") }
            == ConfigError(file: "app.yaml", line: 3, column: 18, keyPath: "listeners.public.min_workers",
                           message: "must be 1 or more, found -5"))
    }

    @Test("a value outside its enumeration is refused naming every allowed value")
    func enumeration() {
        #expect(configError { _ = try decode("listeners:\n  public:\n    mode: loud\n") }?.message
            == "\"loud\" is not one of the allowed values (fast, safe)")
    }

    @Test("a broken relation is reported at the key the user's file sets, even when the other comes from the defaults")
    func relation() {
        let error = configError { _ = try decode("listeners:\n  public:\n    max_workers: 0\n") }
        #expect(error?.file == "app.yaml")
        #expect(error?.line == 3)
        #expect(error?.keyPath == "listeners.public.max_workers")
        #expect(error?.message == "min_workers (1) must be at most max_workers (0)")
    }

    @Test("an override such as a command-line flag is checked like the file and named as the source")
    func override() {
        let error = configError {
            _ = try decode("", overrides: [ConfigOverride(keyPath: ["listeners", "public", "port"], value: "99999", source: "--port")])
        }
        #expect(error == ConfigError(file: "--port", line: 0, column: 0, keyPath: "listeners.public.port",
                                     message: "must be 0...65535, found 99999"))
        #expect(error?.description == "--port: listeners.public.port: must be 0...65535, found 99999")
        #expect(configError {
            _ = try decode("", overrides: [ConfigOverride(keyPath: ["listeners", "public", "port"], value: "x", source: "--port")])
        }?.file == "--port")
    }

    @Test("unknown keys are reported before broken rules, and valid values pass")
    func order() throws {
        #expect(configError { _ = try decode("listeners:\n  public:\n    port: -1\n    prot: 1\n") }?.message == "unknown key")
        #expect(try decode("listeners:\n  public:\n    port: 0\n").listeners["public"]?.port == 0)
    }
}
