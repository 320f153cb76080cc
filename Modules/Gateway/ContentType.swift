/// The media type a `Content-Type` field carries (RFC 9110 §8.3.1):
/// `media-type = type "/" subtype parameters`, `parameters = *( OWS ";" OWS [ parameter ] )` and
/// `parameter = token "=" ( token / quoted-string )` (§5.6.6), with tokens and quoted strings as §5.6.2 and §5.6.4
/// define them. No whitespace is allowed around "/" or "="; the field's own leading and trailing whitespace is
/// (§5.5). Type, subtype and parameter names are case-insensitive and kept lowercased; values are kept as sent,
/// a quoted string unquoted. (Hummingbird's `MediaType` is looser: one parameter, no whitespace before ";", no
/// token check.)
struct ContentType: Sendable, Equatable {
    let type: String
    let subtype: String
    let parameters: [Parameter]

    struct Parameter: Sendable, Equatable {
        let name: String
        let value: String
    }

    /// Parses a field value; nil when it is not a media type.
    init?(_ field: String) {
        var reader = Reader(bytes: Array(field.utf8))
        reader.skipWhitespace()
        guard let type = reader.token(), reader.take(UInt8(ascii: "/")), let subtype = reader.token() else { return nil }
        var parameters: [Parameter] = []
        while true {
            reader.skipWhitespace()
            if reader.atEnd { break }
            guard reader.take(UInt8(ascii: ";")) else { return nil }
            reader.skipWhitespace()
            if reader.atEnd || reader.peek == UInt8(ascii: ";") { continue }
            guard let name = reader.token(), reader.take(UInt8(ascii: "=")),
                  let value = reader.peek == UInt8(ascii: "\"") ? reader.quotedString() : reader.token() else { return nil }
            parameters.append(Parameter(name: name.lowercased(), value: value))
        }
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// Whether a request body of this type is read as JSON: `application/json`, or an `application` type with the
    /// `+json` structured syntax suffix (RFC 6838 §4.2.8, e.g. `application/problem+json`); not `application/json-seq`
    /// (RFC 7464, another framing). A `charset` parameter must be UTF-8, or be absent: JSON exchanged between systems
    /// is UTF-8 (RFC 8259 §8.1) and the body is read as such, so a body declared in another charset is refused
    /// rather than misread. Other parameters are ignored.
    var isJSON: Bool {
        guard type == "application", subtype == "json" || (subtype.hasSuffix("+json") && subtype.count > 5) else {
            return false
        }
        return parameters.allSatisfy { $0.name != "charset" || $0.value.lowercased() == "utf-8" }
    }

    /// Whether a request body of this type is NDJSON: `application/x-ndjson` (also `application/ndjson`), UTF-8.
    var isNDJSON: Bool {
        type == "application" && (subtype == "x-ndjson" || subtype == "ndjson")
            && parameters.allSatisfy { $0.name != "charset" || $0.value.lowercased() == "utf-8" }
    }

    /// Whether a request body of this type is protobuf: `application/x-protobuf` (OTLP/HTTP's name; also
    /// `application/protobuf`, RFC 9708's).
    var isProtobuf: Bool {
        type == "application" && (subtype == "x-protobuf" || subtype == "protobuf")
    }

    /// Walks the field's UTF-8 bytes.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        /// OWS: spaces and horizontal tabs (RFC 9110 §5.6.3).
        mutating func skipWhitespace() {
            while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
        }

        /// `token = 1*tchar` (RFC 9110 §5.6.2).
        mutating func token() -> String? {
            let start = index
            while let byte = peek, Reader.isTokenCharacter(byte) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        /// `quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE` (RFC 9110 §5.6.4), without its quotes and
        /// backslashes.
        mutating func quotedString() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var value: [UInt8] = []
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: value, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = peek, Reader.isQuotable(escaped) else { return nil }
                    index += 1
                    value.append(escaped)
                case _ where Reader.isQuotable(byte):
                    value.append(byte)
                default:
                    return nil
                }
            }
            return nil
        }

        /// `tchar`: a visible ASCII character other than a delimiter (RFC 9110 §5.6.2).
        static func isTokenCharacter(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "a")...UInt8(ascii: "z"): true
            default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }

        /// What a quoted string may hold, directly (`qdtext`, besides `"` and `\`) or after a backslash
        /// (`quoted-pair`): HTAB, SP, visible ASCII and obs-text.
        static func isQuotable(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "\t") || byte >= 0x20 && byte != 0x7f
        }
    }
}
