/// The rules a configuration value breaks, each at a key path relative to that value, worded with the
/// allowed values (`"must be 0...65535, found 99999"`).
public struct ConfigRules: Sendable {
    /// One broken rule: the keys it concerns (the first one in the user's file is reported) and the message.
    struct Violation: Sendable {
        let keyPaths: [[String]]
        let message: String
    }

    private(set) var violations: [Violation] = []

    public init() {}

    /// `value` must lie in `range`, e.g. a port in `0...65535`.
    public mutating func require<T: Comparable & Sendable>(_ value: T, in range: ClosedRange<T>, at key: String...) {
        if !range.contains(value) {
            add([key], "must be \(range.lowerBound)...\(range.upperBound), found \(value)")
        }
    }

    /// `value` must be at least `range.lowerBound`, e.g. a count `1...` or a limit `0...` where 0 means off
    /// (`zeroMeans` says what 0 does, as the configuration documents it).
    public mutating func require<T: Comparable & Sendable>(_ value: T, in range: PartialRangeFrom<T>, at key: String...,
                                                          zeroMeans: String? = nil) {
        if !range.contains(value) {
            let meaning = zeroMeans.map { " (0: \($0))" } ?? ""
            add([key], "must be \(range.lowerBound) or more\(meaning), found \(value)")
        }
    }

    /// `value` must be one of `allowed`.
    public mutating func require(_ value: String, oneOf allowed: [String], at key: String...) {
        if !allowed.contains(value) {
            add([key], "\(ConfigRules.quoted(value)) is not one of the allowed values (\(allowed.joined(separator: ", ")))")
        }
    }

    /// `condition` must hold; `rule` says what is required, e.g. "must be at most max_limit (1000)".
    /// `key` is reported, or the first of `related` written in the user's file when `key` is not.
    public mutating func require(_ condition: Bool, at key: [String], related: [[String]] = [], rule: String) {
        if !condition {
            add([key] + related, rule)
        }
    }

    private mutating func add(_ keyPaths: [[String]], _ message: String) {
        violations.append(Violation(keyPaths: keyPaths, message: message))
    }

    private static func quoted(_ value: String) -> String {
        let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
        return "\"" + shown.unicodeScalars.map { $0.value < 0x20 || $0 == "\"" || $0 == "\\" ? $0.escaped(asASCII: true) : String($0) }
            .joined() + "\""
    }
}
