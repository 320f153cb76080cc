import Glibc
public import Logging
import Model

/// How the service's log lines are written (`log_format`).
public enum LogFormat: String, Sendable, Codable {
    /// `<time> <level> <label>: <message> key=value ...`, control characters escaped.
    case text
    /// One JSON object per line, for log pipelines.
    case json
}

/// Structured logs (swift-log) on standard error; secrets and messages are never logged.
public enum ServiceLogging {
    /// Installs the handler once per process and returns the `logsvc` logger. `format` is `text` or `json`
    /// (`log_format`), `level` one of swift-log's levels (`log_level`).
    public static func bootstrap(level: String, format: LogFormat = .text) -> Logger {
        let level = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap({ label, metadataProvider in
            ServiceLogHandler(label: label, format: format, logLevel: level, metadataProvider: metadataProvider)
        }, metadataProvider: requestID)
        return Logger(label: "logsvc")
    }

    /// `request_id` on every line logged while a request is served, whichever module logs it.
    public static let requestID = Logger.MetadataProvider {
        RequestID.current.map { ["request_id": .string($0)] } ?? [:]
    }
}

extension ServiceLogging {
    /// Files this process creates are readable by its user only (umask 077).
    public static func restrictFileModes() {
        umask(0o077)
    }
}
