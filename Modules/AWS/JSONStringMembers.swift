/// The string-valued members of a JSON object, read without Foundation; other values are skipped.
struct JSONStringMembers {
    private let bytes: [UInt8]
    private var index = 0

    /// The string members of the top-level object in `bytes`; nil unless `bytes` is one well-formed object.
    static func parse(_ bytes: [UInt8]) -> [String: String]? {
        var parser = JSONStringMembers(bytes: bytes)
        guard let members = parser.topLevelObject() else { return nil }
        parser.skipWhitespace()
        return parser.index == bytes.count ? members : nil
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func topLevelObject() -> [String: String]? {
        skipWhitespace()
        guard consume(UInt8(ascii: "{")) else { return nil }
        var members: [String: String] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return members }
        while true {
            skipWhitespace()
            guard let key = string() else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            if peek == UInt8(ascii: "\"") {
                guard let value = string() else { return nil }
                members[key] = value
            } else {
                guard skipValue(depth: 0) else { return nil }
            }
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return members }
            guard consume(UInt8(ascii: ",")) else { return nil }
        }
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            index += 1
        }
    }

    private mutating func skipValue(depth: Int) -> Bool {
        guard depth < 64, let byte = peek else { return false }
        switch byte {
        case UInt8(ascii: "\""):
            return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            skipWhitespace()
            if consume(close) { return true }
            while true {
                skipWhitespace()
                if close == UInt8(ascii: "}") {
                    guard string() != nil else { return false }
                    skipWhitespace()
                    guard consume(UInt8(ascii: ":")) else { return false }
                    skipWhitespace()
                }
                guard skipValue(depth: depth + 1) else { return false }
                skipWhitespace()
                if consume(close) { return true }
                guard consume(UInt8(ascii: ",")) else { return false }
            }
        default:
            return skipScalar()
        }
    }

    private mutating func skipScalar() -> Bool {
        for literal in ["true", "false", "null"] where bytes[index...].starts(with: literal.utf8) {
            index += literal.utf8.count
            return true
        }
        let start = index
        while let byte = peek, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            index += 1
        }
        return index > start
    }

    private mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var scalars = String.UnicodeScalarView()
        var pendingUTF8: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: pendingUTF8, as: UTF8.self).unicodeScalars)
            pendingUTF8.removeAll()
        }
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard let scalar = escape() else { return nil }
                scalars.append(scalar)
            case 0x00..<0x20:
                return nil
            default:
                pendingUTF8.append(byte)
            }
        }
        return nil
    }

    private mutating func escape() -> Unicode.Scalar? {
        guard let byte = peek else { return nil }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            guard let high = hexQuad() else { return nil }
            guard (0xD800..<0xDC00).contains(high) else { return Unicode.Scalar(high) }
            guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")), let low = hexQuad(),
                  (0xDC00..<0xE000).contains(low)
            else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        default: return nil
        }
    }

    private mutating func hexQuad() -> UInt32? {
        guard index + 4 <= bytes.count,
              let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { return nil }
        index += 4
        return value
    }
}
