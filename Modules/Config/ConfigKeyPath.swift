/// Formats key paths the way errors show them: `a.b[2].c`.
enum ConfigKeyPath {
    static func format(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = sequenceIndex(of: key) {
                path = appending(index: index, to: path)
            } else {
                path = appending(key.stringValue, to: path)
            }
        }
        return path
    }

    static func appending(_ key: String, to path: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    static func appending(index: Int, to path: String) -> String {
        "\(path)[\(index)]"
    }

    /// The index when `key` addresses a sequence element; dictionary keys with integer values are not indices.
    static func sequenceIndex(of key: any CodingKey) -> Int? {
        (key as? YAMLCodingKey)?.intValue
    }
}
