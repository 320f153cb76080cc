import CryptoPrimitives
import Foundation
import Model

/// A salted PBKDF2-HMAC-SHA256 password hash, stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>`.
struct PasswordHash {
    /// OWASP's current recommendation for PBKDF2-HMAC-SHA256.
    static let iterations = 600_000

    let encoded: String

    /// Hashes `password` with a fresh 16-byte salt.
    init(hashing password: String, iterations: Int = PasswordHash.iterations) throws(ServiceError) {
        do {
            let salt = try SecureRandom.bytes(16)
            let hash = try PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
            encoded = "pbkdf2-sha256$\(iterations)$\(Base64URL.encode(salt))$\(Base64URL.encode(hash))"
        } catch {
            throw ServiceError.internalError("password hashing failed")
        }
    }

    init(encoded: String) { self.encoded = encoded }

    /// True if `password` matches, compared in constant time.
    func verify(_ password: String) -> Bool {
        let parts = encoded.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]),
              let salt = Base64URL.decode(String(parts[2])), let expected = Base64URL.decode(String(parts[3])),
              let actual = try? PBKDF2.sha256(password: Array(password.utf8), salt: salt,
                                              iterations: iterations, length: expected.count) else { return false }
        return constantTimeEquals(actual, expected)
    }
}
