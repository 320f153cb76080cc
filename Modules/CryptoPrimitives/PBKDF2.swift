import CLibSSL

/// Password-based key derivation (RFC 8018).
public enum PBKDF2 {
    /// PBKDF2-HMAC-SHA256 (PKCS5_PBKDF2_HMAC).
    public static func sha256(
        password: [UInt8], salt: [UInt8], iterations: Int, length: Int
    ) throws(CryptoFailure) -> [UInt8] {
        guard iterations >= 1 else {
            throw CryptoFailure("PBKDF2 needs at least one iteration, got \(iterations)")
        }
        guard length >= 1 else {
            throw CryptoFailure("PBKDF2 output length must be positive, got \(length)")
        }
        let iterationCount = try cInt(iterations, "PBKDF2 iteration")
        let outputLength = try cInt(length, "PBKDF2 output")
        let passwordLength = try cInt(password.count, "PBKDF2 password")
        let saltLength = try cInt(salt.count, "PBKDF2 salt")

        ERR_clear_error()
        var derived = [UInt8](repeating: 0, count: length)
        let status = password.withNonNilBytes { passwordBytes, _ in
            UnsafeRawPointer(passwordBytes).withMemoryRebound(to: CChar.self, capacity: max(password.count, 1)) { passwordChars in
                salt.withNonNilBytes { saltBytes, _ in
                    PKCS5_PBKDF2_HMAC(passwordChars, passwordLength, saltBytes, saltLength,
                                      iterationCount, EVP_sha256(), outputLength, &derived)
                }
            }
        }
        guard status == 1 else {
            throw .openSSL("PKCS5_PBKDF2_HMAC")
        }
        return derived
    }
}
