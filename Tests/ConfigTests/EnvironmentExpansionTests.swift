@testable import Config
import Testing

@Suite("${NAME} in configuration files")
struct EnvironmentExpansionTests {
    @Test("replaces references by the environment, takes defaults, and leaves comments alone")
    func expands() throws {
        let text = "table: \"${TABLE}\"  # not ${EXPANDED}\nendpoint: \"${ENDPOINT:-}\"\nshards: ${SHARDS:-4}\n# ${ALSO_NOT}\n"
        let expanded = try EnvironmentExpansion.expand(text, environment: ["TABLE": "logs"], file: "f.yaml")
        #expect(expanded == "table: \"logs\"  # not ${EXPANDED}\nendpoint: \"\"\nshards: 4\n# ${ALSO_NOT}\n")
    }

    @Test("an unset variable without a default is an error at its line")
    func unset() {
        #expect(throws: ConfigError(file: "f.yaml", line: 2, column: 0, keyPath: "",
                                    message: "environment variable TABLE is not set (write ${TABLE:-default} for a default)")) {
            try EnvironmentExpansion.expand("a: 1\ntable: ${TABLE}\n", environment: [:], file: "f.yaml")
        }
    }

    @Test("a value that could change the document's structure is refused")
    func hostileValue() {
        for value in ["a\nb: c", "x\"y", "back\\slash"] {
            #expect(throws: ConfigError.self) {
                try EnvironmentExpansion.expand("k: \"${V}\"\n", environment: ["V": value], file: "f.yaml")
            }
        }
    }
}
