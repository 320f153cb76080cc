import Config
import Testing

@Suite("Hostile documents")
struct HostileDocumentTests {
    @Test("aliases that would expand past a million nodes are rejected without expanding them")
    func aliasBomb() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(previous)]\n"
        }
        let error = configError { _ = try YAMLDecoder().decode([String: [String]].self, from: yaml, file: "bomb.yaml") }
        #expect(error?.file == "bomb.yaml")
        #expect(error?.message == "document has more than 1000000 nodes once aliases are expanded")
    }

    @Test("nesting deeper than 256 levels is rejected")
    func deepNesting() {
        let yaml = "value: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let error = configError { _ = try YAMLDecoder().decode(Box<[String]>.self, from: yaml, file: "deep.yaml") }
        #expect(error?.line == 1)
        #expect(error?.message == "nesting deeper than 256 levels")
    }
}
