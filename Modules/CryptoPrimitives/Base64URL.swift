/// The URL- and filename-safe base64 alphabet of RFC 4648 §5.
public enum Base64URL {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The 6-bit value of each ASCII byte, or -1 for bytes outside the alphabet.
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, symbol) in alphabet.enumerated() {
            table[Int(symbol)] = Int8(value)
        }
        return table
    }()

    private static let padding = UInt8(ascii: "=")

    /// Unpadded base64url (RFC 4648 §5), as JWTs use.
    public static func encode(_ bytes: [UInt8]) -> String {
        var symbols: [UInt8] = []
        symbols.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let available = min(3, bytes.count - index)
            var group: UInt32 = 0
            for offset in 0..<3 {
                group <<= 8
                if offset < available {
                    group |= UInt32(bytes[index + offset])
                }
            }
            for position in 0...available {
                let value = (group >> UInt32(18 - 6 * position)) & 0x3F
                symbols.append(alphabet[Int(value)])
            }
            index += available
        }
        return String(decoding: symbols, as: UTF8.self)
    }

    /// The bytes of canonical base64url (RFC 7515 §2, as JWS compact form requires): no padding, only the
    /// alphabet, zero unused trailing bits; nil otherwise. So each byte string has exactly one accepted spelling.
    public static func decodeCanonical(_ text: String) -> [UInt8]? {
        guard text.utf8.last != padding else { return nil }
        return decode(text)
    }

    /// Accepts unpadded or padded base64url; nil on any character outside the alphabet or bad length.
    /// Also nil when the unused low bits of the last character are not zero (a non-canonical encoding).
    public static func decode(_ text: String) -> [UInt8]? {
        var symbols = Array(text.utf8)
        var paddingCount = 0
        while symbols.last == padding {
            symbols.removeLast()
            paddingCount += 1
        }
        if paddingCount > 0 {
            guard paddingCount <= 2, (symbols.count + paddingCount) % 4 == 0 else { return nil }
        }
        let remainder = symbols.count % 4
        guard remainder != 1 else { return nil }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(symbols.count * 3 / 4)
        var group: UInt32 = 0
        for (index, symbol) in symbols.enumerated() {
            let value = values[Int(symbol)]
            guard value >= 0 else { return nil }
            group = group << 6 | UInt32(value)
            if index % 4 == 3 {
                bytes.append(UInt8(truncatingIfNeeded: group >> 16))
                bytes.append(UInt8(truncatingIfNeeded: group >> 8))
                bytes.append(UInt8(truncatingIfNeeded: group))
                group = 0
            }
        }
        switch remainder {
        case 2:
            guard group & 0x0F == 0 else { return nil }
            bytes.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            guard group & 0x03 == 0 else { return nil }
            bytes.append(UInt8(truncatingIfNeeded: group >> 10))
            bytes.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return bytes
    }
}
