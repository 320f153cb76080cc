import CryptoPrimitives
import Model

/// Ids for entries sent without one: UUID version 7 (RFC 9562). The leading 48 bits are the Unix time in
/// milliseconds, so ids sort in the order they were made.
enum TimeOrderedID {
    /// A fresh version-7 UUID for `time`, lowercase, in the 8-4-4-4-12 form: 48 bits of milliseconds, the
    /// version, 74 random bits from the DRBG, the variant.
    static func make(at time: Timestamp) throws(ServiceError) -> String {
        var bytes: [UInt8]
        do { bytes = try RandomPool.shared.take(16) } catch {
            throw ServiceError.internalError("no randomness for an entry id")
        }
        let milliseconds = UInt64(max(0, time.microseconds / 1000))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        bytes[6] = 0x70 | bytes[6] & 0x0F
        bytes[8] = 0x80 | bytes[8] & 0x3F
        return Hex.uuid(bytes)
    }
}
