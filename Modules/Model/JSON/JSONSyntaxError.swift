/// Why a document is not strict JSON, and at which byte: never the document's bytes themselves.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Rule: String, Sendable {
        case notUTF8 = "holds bytes that are not UTF-8"
        case duplicateName = "repeats a member name in one object"
        case tooDeep = "nests arrays and objects too deeply"
        case unexpectedEnd = "ends early"
        case unexpectedByte = "has an unexpected character"
        case trailingContent = "has content after the JSON value"
        case invalidNumber = "has a malformed number"
        case invalidEscape = "has an invalid escape in a string"
        case controlCharacter = "has an unescaped control character in a string"
        case loneSurrogate = "has an unpaired UTF-16 surrogate escape in a string"
    }

    public let rule: Rule
    /// Offset of the offending byte from the start of the document.
    public let offset: Int

    public var description: String { "\(rule.rawValue) (at byte \(offset))" }
}
