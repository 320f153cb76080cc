/// Big-endian framing shared by every binary format of the service (payloads, envelopes' AAD,
/// fingerprints, stored key lists).
extension [UInt8] {
    /// Appends the low `width` bytes of `value`, most significant first.
    @inlinable
    public mutating func appendBigEndian(_ value: UInt64, width: Int) {
        var shift = (width - 1) * 8
        while shift >= 0 {
            append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            shift -= 8
        }
    }
}

/// Reads big-endian integers and UTF-8 text from bytes; every read past the end (or of invalid
/// UTF-8) is nil, never a crash.
public struct ByteReader {
    private let bytes: [UInt8]
    private var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var isAtEnd: Bool { offset == bytes.count }

    public mutating func integer(width: Int) -> UInt64? {
        guard bytes.count - offset >= width else { return nil }
        defer { offset += width }
        return bytes[offset..<offset + width].reduce(0) { $0 << 8 | UInt64($1) }
    }

    public mutating func bytes(count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    public mutating func text(length: Int) -> String? {
        guard length >= 0, bytes.count - offset >= length else { return nil }
        defer { offset += length }
        return String(validating: bytes[offset..<offset + length], as: UTF8.self)
    }
}
