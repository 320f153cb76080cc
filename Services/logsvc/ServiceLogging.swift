import Glibc
import Logging

/// Structured logs (swift-log) on standard error; secrets and messages are never logged.
enum ServiceLogging {
    static func bootstrap(level: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
        }
        return Logger(label: "logsvc")
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
