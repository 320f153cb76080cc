import Testing

/// The bytes written as hexadecimal in `text`; a malformed literal fails the calling test.
func hex(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
    let digits = Array(text.utf8)
    var bytes: [UInt8] = []
    var index = 0
    while index + 1 < digits.count {
        guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
            Issue.record("malformed hex literal \(text)", sourceLocation: sourceLocation)
            return []
        }
        bytes.append(byte)
        index += 2
    }
    if index != digits.count {
        Issue.record("odd-length hex literal \(text)", sourceLocation: sourceLocation)
    }
    return bytes
}

/// The UTF-8 bytes of `text`.
func utf8(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// `bytes` with bit 0 of the byte at `index` inverted.
func flippingBit(of bytes: [UInt8], at index: Int) -> [UInt8] {
    var copy = bytes
    copy[index] ^= 0x01
    return copy
}
