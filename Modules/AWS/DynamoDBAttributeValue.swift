public import Foundation

/// One DynamoDB attribute value in the wire form of the JSON protocol (`{"S": "..."}`, `{"N": "1"}`, ...);
/// only the types the log table uses.
public enum AttributeValue: Sendable, Hashable, Codable {
    case string(String)
    /// A number, kept as DynamoDB sends it: decimal text.
    case number(String)
    case binary(Data)

    /// An item: attribute name to value.
    public typealias Item = [String: AttributeValue]

    /// A number from an integer.
    public static func integer(_ value: Int64) -> AttributeValue { .number(String(value)) }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var integerValue: Int64? {
        if case .number(let value) = self { return Int64(value) }
        return nil
    }

    public var binaryValue: Data? {
        if case .binary(let value) = self { return value }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case string = "S", number = "N", binary = "B"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let value = try container.decodeIfPresent(String.self, forKey: .string) {
            self = .string(value)
        } else if let value = try container.decodeIfPresent(String.self, forKey: .number) {
            self = .number(value)
        } else if let value = try container.decodeIfPresent(Data.self, forKey: .binary) {
            self = .binary(value)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "an attribute type the log table does not use"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .string(let value): try container.encode(value, forKey: .string)
        case .number(let value): try container.encode(value, forKey: .number)
        case .binary(let value): try container.encode(value, forKey: .binary)
        }
    }
}
