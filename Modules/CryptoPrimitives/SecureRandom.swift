import CLibSSL

/// Cryptographically secure randomness from OpenSSL's DRBG.
public enum SecureRandom {
    /// `count` cryptographically secure random bytes (RAND_bytes).
    public static func bytes(_ count: Int) throws(CryptoFailure) -> [UInt8] {
        guard count >= 0 else {
            throw CryptoFailure("SecureRandom: negative byte count \(count)")
        }
        let length = try cInt(count, "SecureRandom")
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        ERR_clear_error()
        guard RAND_bytes(&bytes, length) == 1 else {
            throw .openSSL("RAND_bytes")
        }
        return bytes
    }
}
