import Foundation

/// Attribute values as JSON (answers, and an OTLP body that is not a string): strings, booleans, integers and doubles as JSON values (a double that is not finite
/// as the string `NaN`, `Infinity` or `-Infinity`), arrays and maps as JSON arrays and objects, and bytes as
/// `{"bytesValue": "<base64>"}` (OTLP's JSON name for them).
extension AnyValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .bool(let flag): try container.encode(flag)
        case .int(let number): try container.encode(number)
        case .double(let number):
            if number.isFinite { try container.encode(number) } else { try container.encode(AnyValue.text(ofNonFinite: number)) }
        case .bytes(let bytes): try container.encode(["bytesValue": Data(bytes).base64EncodedString()])
        case .array(let values): try container.encode(values)
        case .map(let attributes): try container.encode(attributes)
        }
    }

    static func text(ofNonFinite number: Double) -> String {
        number.isNaN ? "NaN" : number < 0 ? "-Infinity" : "Infinity"
    }
}

extension JSONText {
    public mutating func attributes(_ attributes: Attributes) {
        raw("{")
        for (index, key) in attributes.keys.sorted().enumerated() {
            if index > 0 { raw(",") }
            string(key)
            raw(":")
            if let value = attributes[key] { attribute(value) }
        }
        raw("}")
    }

    public mutating func attribute(_ value: AnyValue) {
        switch value {
        case .string(let text): string(text)
        case .bool(let flag): flag ? raw("true") : raw("false")
        case .int(let number): integer(number)
        case .double(let number):
            if number.isFinite, let encoded = try? JSONCoding.encoder().encode(number) {
                append(encoded)
            } else {
                string(AnyValue.text(ofNonFinite: number))
            }
        case .bytes(let bytes):
            raw(#"{"bytesValue":"#)
            string(Data(bytes).base64EncodedString())
            raw("}")
        case .array(let values):
            raw("[")
            for (index, element) in values.enumerated() {
                if index > 0 { raw(",") }
                attribute(element)
            }
            raw("]")
        case .map(let attributes): self.attributes(attributes)
        }
    }
}
