/// A typed attribute value: OTLP's `AnyValue` (opentelemetry/proto/common/v1/common.proto) without its empty case.
/// Maps hold each key once; where a list sent the same key twice, the last value stands (`Attributes(otlp:)`, and JSON
/// objects, which the strict parser refuses with a repeated name).
public indirect enum AnyValue: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case bytes([UInt8])
    case array([AnyValue])
    case map(Attributes)

    /// The value as a string when it is one.
    public var string: String? { if case .string(let text) = self { text } else { nil } }

    /// Bytes of text and byte values, every level down: what counts against the batch's size limit.
    public var size: Int {
        switch self {
        case .string(let text): text.utf8.count
        case .bool: 1
        case .int, .double: 8
        case .bytes(let bytes): bytes.count
        case .array(let values): values.reduce(0) { $0 + $1.size }
        case .map(let attributes): attributes.size
        }
    }

    /// How many levels of arrays and maps hold this value: 0 for a scalar.
    public var depth: Int {
        switch self {
        case .string, .bool, .int, .double, .bytes: 0
        case .array(let values): 1 + (values.map(\.depth).max() ?? 0)
        case .map(let attributes): 1 + (attributes.values.map(\.depth).max() ?? 0)
        }
    }
}

/// Attributes by key. Written out in key order, so one set of attributes always has one encoding.
public typealias Attributes = [String: AnyValue]

extension Attributes {
    /// Bytes of keys and values, every level down.
    public var size: Int { reduce(0) { $0 + $1.key.utf8.count + $1.value.size } }
}

extension AnyValue: ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}
