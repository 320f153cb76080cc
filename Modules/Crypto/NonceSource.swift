import CryptoPrimitives
import Model
import Synchronization

/// Random 96-bit nonces, drawn from OpenSSL's DRBG a few hundred at a time: one call per 340 nonces
/// instead of one per entry. Each nonce is handed out once.
final class NonceSource: Sendable {
    private struct Buffer {
        var bytes: [UInt8] = []
        var offset = 0
    }

    private let buffer = Mutex(Buffer())
    private static let refill = 4080

    static let shared = NonceSource()

    func next() throws(ServiceError) -> [UInt8] {
        try buffer.withLock { (buffer) throws(ServiceError) -> [UInt8] in
            if buffer.offset + AESGCM.nonceSize > buffer.bytes.count {
                do { buffer.bytes = try SecureRandom.bytes(NonceSource.refill) } catch {
                    throw ServiceError.internalError("no randomness for a nonce")
                }
                buffer.offset = 0
            }
            defer { buffer.offset += AESGCM.nonceSize }
            return Array(buffer.bytes[buffer.offset..<buffer.offset + AESGCM.nonceSize])
        }
    }
}
