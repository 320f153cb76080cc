public import Logging

/// A logger for tests that shows only critical messages, so expected failures do not flood the output.
public func quietLogger(_ label: String = "test") -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .critical
    return logger
}
