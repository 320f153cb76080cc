/// A value given outside the file, such as a command-line flag (`--port 99999` sets `server.port`): laid over
/// the file and the defaults before decoding, so it is type-checked and validated like a line of the file, and
/// errors name its source instead of a line.
public struct ConfigOverride: Sendable, Equatable {
    /// The key path it sets, one component per mapping level, e.g. `["server", "port"]`.
    public let keyPath: [String]
    /// The value as YAML would read it unquoted (`8080` is an integer, `127.0.0.1` a string).
    public let value: String
    /// Where it came from, e.g. `--port`; errors name it in place of the file.
    public let source: String

    public init(keyPath: [String], value: String, source: String) {
        self.keyPath = keyPath
        self.value = value
        self.source = source
    }

    /// A document holding only this value, to be merged over the configuration.
    var document: YAMLNode {
        let mark = YAMLMark(file: source, line: 0, column: 0)
        var node = YAMLNode(content: .scalar(YAMLScalar(value: value, style: .plain, tag: nil)), mark: mark)
        for key in keyPath.reversed() {
            node = YAMLNode(content: .mapping([YAMLMappingEntry(key: key, keyMark: mark, value: node)]), mark: mark)
        }
        return node
    }
}
