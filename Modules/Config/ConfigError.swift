/// A configuration error that names where it is: file, line, column (1-based) and the dotted key path.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as given, or "<defaults>" for the embedded defaults.
    public let file: String
    /// 1-based line; 0 when the error concerns the whole file (e.g. it cannot be read).
    public let line: Int
    /// 1-based column; 0 when the error concerns the whole file.
    public let column: Int
    /// Dotted key path such as "bus.routes.auth.verify.timeout_ms" or "storage.group_commit[2]"; "" for the document.
    public let keyPath: String
    /// What is wrong, e.g. "unknown key" or "expected an integer, found \"abc\"".
    public let message: String

    /// Creates an error at the given location.
    public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// "<file>:<line>:<column>: <keyPath>: <message>", leaving out "<keyPath>: " when the key path is empty and
    /// ":<line>:<column>" when the line is 0 (the whole file, or a value given outside a file such as `--port`).
    public var description: String {
        let location = line == 0 ? file : "\(file):\(line):\(column)"
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}

extension ConfigError {
    init(at mark: YAMLMark, keyPath: String, message: String) {
        self.init(file: mark.file, line: mark.line, column: mark.column, keyPath: keyPath, message: message)
    }
}
