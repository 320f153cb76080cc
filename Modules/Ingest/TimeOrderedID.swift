import Model

/// Ids for entries sent without one: UUID version 7 (RFC 9562). The leading 48 bits are the Unix time in
/// milliseconds, so ids made one after another sort together and a store's id index grows at its end
/// (a random UUID lands anywhere, and each one dirties another page of the index).
enum TimeOrderedID {
    /// A fresh version-7 UUID for `time`, lowercase, in the 8-4-4-4-12 form.
    static func make(at time: Timestamp) -> String {
        var random = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, time.microseconds / 1000))
        let high = random.next() as UInt64
        let low = random.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: high >> 8) & 0x0F
        bytes[7] = UInt8(truncatingIfNeeded: high)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: low >> 56) & 0x3F
        for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: low >> (8 * UInt64(15 - index))) }
        return Hex.uuid(bytes)
    }
}
