import CryptoPrimitives
import Model

/// Salted PBKDF2-HMAC-SHA256 password hashes, stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>`.
/// Hashing runs off the cooperative thread pool: it is deliberately slow.
enum PasswordHash {
    /// The most iterations a stored hash may name; a hash naming more is refused rather than computed.
    static let maximumIterations = 10_000_000

    /// A hash of `password` with a fresh 16-byte salt and `iterations` rounds (`auth.password_hash_iterations`).
    static func make(_ password: String, iterations: Int) async throws(ServiceError) -> String {
        try await BlockingWork.run { () throws(ServiceError) in
            do {
                let salt = try SecureRandom.bytes(16)
                let hash = try PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
                return "pbkdf2-sha256$\(iterations)$\(Base64URL.encode(salt))$\(Base64URL.encode(hash))"
            } catch {
                throw ServiceError.internalError("password hashing failed")
            }
        }
    }

    /// True if `password` matches `encoded`, compared in constant time. A nil `encoded` is checked against a decoy
    /// of `decoyIterations` (the count new hashes get) and fails, so unknown users cannot be told apart by timing.
    static func verify(_ password: String, against encoded: String?, decoyIterations: Int) async -> Bool {
        (try? await BlockingWork.run { () throws(ServiceError) in
            let parts = (encoded ?? PasswordHash.decoy(iterations: decoyIterations)).split(separator: "$")
            guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]), iterations > 0,
                  iterations <= maximumIterations, let salt = Base64URL.decode(String(parts[2])),
                  let expected = Base64URL.decode(String(parts[3])),
                  let actual = try? PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations,
                                                  length: expected.count) else { return false }
            return constantTimeEquals(actual, expected) && encoded != nil
        }) ?? false
    }

    private static func decoy(iterations: Int) -> String {
        "pbkdf2-sha256$\(iterations)$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    }
}
