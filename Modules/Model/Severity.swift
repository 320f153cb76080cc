/// How severe a log entry is, ordered from `debug` to `critical`.
public enum Severity: Int, Sendable, Comparable, CaseIterable, Codable {
    case debug = 10
    case info = 20
    case warning = 30
    case error = 40
    case critical = 50

    /// The canonical name, as responses spell it.
    public var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    /// Parses a canonical name or a common alias, case-insensitively; nil if unknown.
    public init?(name: String) {
        switch name.lowercased() {
        case "debug", "trace", "verbose": self = .debug
        case "info", "information", "informational", "notice": self = .info
        case "warning", "warn": self = .warning
        case "error", "err": self = .error
        case "critical", "crit", "fatal", "alert", "emergency", "emerg", "panic": self = .critical
        default: return nil
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}
