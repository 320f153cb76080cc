import Glibc
public import Logging
import Model

/// Structured logs (swift-log) on standard error; secrets and messages are never logged.
public enum ServiceLogging {
    /// Installs the handler once per process and returns the `logsvc` logger.
    public static func bootstrap(level: String) -> Logger {
        LoggingSystem.bootstrap({ label, metadataProvider in
            var handler = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
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
