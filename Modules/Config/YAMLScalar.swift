/// A scalar's text together with how it was written, which decides how it may be resolved.
struct YAMLScalar: Sendable, Equatable {
    enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    static let stringTag = "tag:yaml.org,2002:str"
    static let resolvableTags: Set<String> = [
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    ]

    let value: String
    let style: Style
    let tag: String?

    /// Whether core-schema resolution applies (null, bool, int, float); quoted or `!!str` scalars are strings only.
    var isResolvable: Bool {
        guard let tag else { return style == .plain }
        return Self.resolvableTags.contains(tag)
    }

    var isNull: Bool {
        isResolvable && ["", "~", "null", "Null", "NULL"].contains(value)
    }

    /// How the scalar reads in an error message, e.g. `"abc"` or `the quoted string "123"`.
    var quotedForMessage: String {
        if isNull { return value.isEmpty ? "an empty value" : "null" }
        let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
        var escaped = ""
        for character in shown {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return isResolvable ? "\"\(escaped)\"" : "the quoted string \"\(escaped)\""
    }
}
