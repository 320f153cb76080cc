import Synchronization

/// Cryptographically secure random bytes for small, frequent draws (nonces, ids): taken from OpenSSL's
/// DRBG 4 KiB at a time, so a draw costs no call of its own. Each byte is handed out once.
public final class RandomPool: Sendable {
    private struct Buffer {
        var bytes: [UInt8] = []
        var offset = 0
    }

    private let buffer = Mutex(Buffer())
    private let refill: Int

    /// The process's pool.
    public static let shared = RandomPool()

    init(refill: Int = 4096) {
        self.refill = refill
    }

    /// `count` fresh random bytes (`count` at most the refill size, 4 KiB).
    public func take(_ count: Int) throws(CryptoFailure) -> [UInt8] {
        guard (0...refill).contains(count) else {
            throw CryptoFailure("RandomPool: \(count) bytes asked, at most \(refill) at a time")
        }
        return try buffer.withLock { (buffer) throws(CryptoFailure) -> [UInt8] in
            if buffer.offset + count > buffer.bytes.count {
                buffer.bytes = try SecureRandom.bytes(refill)
                buffer.offset = 0
            }
            defer { buffer.offset += count }
            return Array(buffer.bytes[buffer.offset..<buffer.offset + count])
        }
    }
}
