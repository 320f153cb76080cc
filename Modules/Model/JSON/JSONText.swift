import Foundation

/// JSON text being written: raw punctuation, and strings escaped as RFC 8259 requires (quote,
/// backslash and control characters; everything else, slashes included, as UTF-8).
public struct JSONText: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// JSON text that is already encoded.
    public mutating func append(_ encoded: some Sequence<UInt8>) {
        bytes.append(contentsOf: encoded)
    }

    public mutating func integer(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A JSON-RPC id as it was received: a string, a number's exact text, or null.
    public mutating func id(_ id: JSONNode) {
        switch id {
        case .string(let text): string(text)
        case .number(let text): bytes.append(contentsOf: text.utf8)
        default: raw("null")
        }
    }

    /// Strings, integers, booleans and null by hand; other values through the encoder.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .string(let text): string(text)
        case .integer(let number): integer(number)
        case .bool(let flag): flag ? raw("true") : raw("false")
        case .null: raw("null")
        case .number, .array, .object:
            if let encoded = try? JSONCoding.encoder().encode(value) { bytes.append(contentsOf: encoded) } else { raw("null") }
        }
    }

    /// `value` quoted; runs that need no escape are copied whole.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                bytes.append(contentsOf: utf8[start..<index])
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: utf8[start...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            Hex.append(byte, to: &bytes)
        }
    }
}
