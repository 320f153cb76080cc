import CryptoPrimitives
import Model

/// Keyed hashes of submitted content, so a retry can be told from a different request without
/// keeping its plaintext (or an unkeyed hash of it, which could confirm guesses) on disk.
struct Fingerprint: Sendable {
    let key: [UInt8]

    /// One entry as the client sent it: severity, client timestamp, id, and its sealed `payload`
    /// (message and attributes).
    func of(_ entry: ValidatedEntry, payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(entry.severity.rawValue)]
        bytes.appendBigEndian(UInt64(bitPattern: entry.timestamp?.microseconds ?? .min), width: 8)
        let id = Array((entry.id ?? "").utf8)
        bytes.append(UInt8(id.count))
        bytes += id
        bytes += payload
        return HMACSHA256.authenticationCode(key: key, data: bytes)
    }

    /// A request body's digest, keyed: what names an OTLP request's idempotency claim in the store.
    func of(bodyDigest digest: [UInt8]) -> [UInt8] {
        HMACSHA256.authenticationCode(key: key, data: Array("otlp-body".utf8) + digest)
    }

    /// A whole request, from the fingerprints of its entries in order.
    func of(request entryFingerprints: [[UInt8]]) -> [UInt8] {
        HMACSHA256.authenticationCode(key: key, data: entryFingerprints.flatMap { $0 })
    }
}
