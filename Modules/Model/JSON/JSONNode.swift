/// A JSON value as `JSONParser` read it: numbers keep the exact text received, objects their members in
/// order (no name twice). What `JSONCoding.decoder()` decodes from.
public enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text, exactly as received (RFC 8259 section 6 grammar).
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])

    /// The JSON type's name, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public let name: String
    public let value: JSONNode

    public init(name: String, value: JSONNode) {
        self.name = name
        self.value = value
    }
}

extension JSONNode: Encodable {
    /// Numbers are written by value here (as an integer when the text is one within Int64); the gateway's
    /// hand-written answers copy a number's text instead, so an id comes back byte for byte.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let text):
            if let integer = Int64(text) { try container.encode(integer) } else { try container.encode(Double(text) ?? 0) }
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members):
            var object = encoder.container(keyedBy: JSONKey.self)
            for member in members { try object.encode(member.value, forKey: JSONKey(member.name)) }
        }
    }
}

extension JSONNode: Decodable {
    /// `StrictJSONDecoder` hands over the node as parsed without calling this; other decoders have no node to give.
    public init(from decoder: any Decoder) throws {
        throw DecodingError.typeMismatch(JSONNode.self, .init(codingPath: decoder.codingPath,
                                                              debugDescription: "a JSONNode is decoded only by StrictJSONDecoder"))
    }
}

extension JSONNode {
    /// The error `StrictJSONDecoder` reports for this node where a value of `expected` belongs, at `path`:
    /// `valueNotFound` for null, else `typeMismatch`. For types that read a node themselves.
    public func mismatch(_ expected: Any.Type, at path: [any CodingKey]) -> DecodingError {
        if self == .null { return .valueNotFound(expected, .init(codingPath: path, debugDescription: "null")) }
        return .typeMismatch(expected, .init(codingPath: path, debugDescription: "found a \(typeName)"))
    }
}
