import Foundation

/// Decodes `Decodable` values from JSON read by `JSONParser`: the one JSON front door of the service (request
/// bodies, JSON-RPC calls, token headers and claims, AWS answers). It throws `JSONSyntaxError` for a document
/// that is not strict JSON, and `DecodingError` (with the coding path, like Foundation's `JSONDecoder`) for one
/// that does not fit the type. Integers must be written as integers and fit their type; `Data` is read from
/// base64, as Foundation does by default; decoding `JSONNode` yields the value as parsed.
public struct StrictJSONDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from document: some Collection<UInt8>) throws -> T {
        try decode(type, from: try JSONParser.parse(document))
    }

    public func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        try JSONNodeDecoder.decode(type, from: node, at: [])
    }
}

/// A `Decoder` over one parsed node.
struct JSONNodeDecoder: Decoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node else { throw JSONNodeDecoder.mismatch([String: Any].self, node, codingPath) }
        return KeyedDecodingContainer(JSONKeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node else { throw JSONNodeDecoder.mismatch([Any].self, node, codingPath) }
        return JSONUnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { JSONSingleValueContainer(node: node, codingPath: codingPath) }

    /// `node` as a `T`: scalars and string maps directly, anything else through its `init(from:)`. The path is
    /// made only when needed (an error, a nested decoder): most fields are scalars that decode without it.
    static func decode<T: Decodable>(_ type: T.Type, from node: JSONNode, at path: @autoclosure () -> [any CodingKey]) throws -> T {
        if type == String.self {
            guard case .string(let text) = node, let value = text as? T else { throw mismatch(type, node, path()) }
            return value
        }
        if type == Bool.self {
            guard case .bool(let flag) = node, let value = flag as? T else { throw mismatch(type, node, path()) }
            return value
        }
        if type == Double.self || type == Float.self {
            guard case .number(let text) = node, let double = Double(text), double.isFinite else { throw mismatch(type, node, path()) }
            guard let value = (type == Float.self ? Float(double) as Any : double) as? T else { throw mismatch(type, node, path()) }
            return value
        }
        if type == [String: String].self {
            guard case .object(let members) = node else { throw mismatch(type, node, path()) }
            var map: [String: String] = Dictionary(minimumCapacity: members.count)
            for member in members {
                guard case .string(let text) = member.value else { throw mismatch(String.self, member.value, path() + [JSONKey(member.name)]) }
                map[member.name] = text
            }
            guard let value = map as? T else { throw mismatch(type, node, path()) }
            return value
        }
        if type == JSONNode.self, let value = node as? T { return value }
        if type == JSONValue.self, let value = JSONValue(node) as? T { return value }
        if type == Data.self {
            guard case .string(let text) = node else { throw mismatch(type, node, path()) }
            guard let value = Data(base64Encoded: text) as? T else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "not valid base64"))
            }
            return value
        }
        if let integer = type as? any FixedWidthInteger.Type {
            guard case .number(let text) = node else { throw mismatch(type, node, path()) }
            guard let value = integer.init(text, radix: 10) as? T else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "not an integer in range"))
            }
            return value
        }
        return try T(from: JSONNodeDecoder(node: node, codingPath: path()))
    }

    static func mismatch(_ type: Any.Type, _ node: JSONNode, _ path: [any CodingKey]) -> DecodingError {
        node.mismatch(type, at: path)
    }
}

/// A member name as a coding key.
struct JSONKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ name: String) { (stringValue, intValue) = (name, nil) }
    init(index: Int) { (stringValue, intValue) = ("Index \(index)", index) }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(index: intValue) }
}

extension JSONValue {
    /// The value of a parsed node; a number that is not an integer within Int64 is a double.
    init(_ node: JSONNode) {
        switch node {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let text): self = Int64(text).map(JSONValue.integer) ?? .number(Double(text) ?? .nan)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(JSONValue.init))
        case .object(let members):
            self = .object(Dictionary(members.map { ($0.name, JSONValue($0.value)) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}
