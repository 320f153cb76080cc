import Glibc
import Logging
import Model

/// Structured logs (swift-log) on standard error; secrets and messages are never logged.
enum ServiceLogging {
    static func bootstrap(level: String) -> Logger {
        LoggingSystem.bootstrap({ label, metadataProvider in
            var handler = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
        }, metadataProvider: requestID)
        return Logger(label: "logsvc")
    }

    /// `request_id` on every line logged while a request is served, whichever module logs it.
    static let requestID = Logger.MetadataProvider {
        RequestID.current.map { ["request_id": .string($0)] } ?? [:]
    }
}

extension ServiceLogging {
    /// Files this process creates are readable by its user only (umask 077).
    static func restrictFileModes() {
        umask(0o077)
    }
}

/// Standard error as a `TextOutputStream`, for `print(_:to:)`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        _ = string.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}
