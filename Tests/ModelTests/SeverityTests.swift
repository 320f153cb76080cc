import Model
import Testing

@Suite("Severity")
struct SeverityTests {
    @Test("parses canonical names and common aliases case-insensitively", arguments: [
        ("debug", Severity.debug), ("TRACE", .debug), ("Info", .info), ("notice", .info),
        ("WARN", .warning), ("warning", .warning), ("err", .error), ("ERROR", .error),
        ("critical", .critical), ("fatal", .critical), ("Emergency", .critical),
        ("verbose", .debug), ("information", .info), ("informational", .info), ("crit", .critical),
        ("alert", .critical), ("emerg", .critical), ("panic", .critical),
    ])
    func aliases(name: String, expected: Severity) {
        #expect(Severity(name: name) == expected)
    }

    @Test("rejects anything else", arguments: ["", "loud", "infos", "5", " info"])
    func unknown(name: String) {
        #expect(Severity(name: name) == nil)
    }

    @Test("orders from debug to critical and names itself canonically")
    func ordering() {
        #expect(Severity.allCases.sorted() == [.debug, .info, .warning, .error, .critical])
        #expect(Severity.allCases.map(\.name) == ["debug", "info", "warning", "error", "critical"])
        #expect(Severity.allCases.allSatisfy { Severity(name: $0.name) == $0 })
    }
}
