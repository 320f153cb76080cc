public import Foundation

/// The one JSON codec setup of the service, shared by every module that speaks JSON.
public enum JSONCoding {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The strict decoder every JSON input goes through (see `JSONParser` for what it refuses).
    public static func decoder() -> StrictJSONDecoder {
        StrictJSONDecoder()
    }

    /// Describes a decoding failure for a client: what was wrong and where (`subject` names the whole
    /// document), never the input itself.
    public static func describe(_ error: any Error, subject: String = "the body") -> String {
        if let error = error as? JSONSyntaxError { return "\(subject) is not valid JSON: it \(error)" }
        guard let error = error as? DecodingError else { return "\(subject) is not valid JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let rendered = context.codingPath.map { key in
                key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
            }.joined()
            return rendered.isEmpty ? subject : "`\(rendered.hasPrefix(".") ? String(rendered.dropFirst()) : rendered)`"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)) has the wrong type (expected \(JSONCoding.jsonTypeName(type)))"
        case .valueNotFound(let type, let context):
            return "\(path(context)) must be a \(JSONCoding.jsonTypeName(type)), not null"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing required field `\(key.stringValue)`" + (parent == subject ? "" : " in \(parent)")
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "\(subject) is not valid JSON"
                : "\(path(context)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "\(subject) is not valid JSON"
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Int64.Type, is Double.Type: "number"
        case is Bool.Type: "boolean"
        default:
            String(describing: type).hasPrefix("Array") ? "array" : "object"
        }
    }
}
