import CryptoPrimitives
import Foundation
import Model

/// The service's RS256 signing keys (`signing-keys.json`, mode 0600); the newest one signs,
/// all of them verify and are published in the JWKS.
struct SigningKeySet: Sendable {
    struct Key: Sendable {
        let kid: String
        let privateKey: RSAPrivateKey
        var publicKey: RSAPublicKey { privateKey.publicKey }
    }

    private struct File: Codable {
        struct Entry: Codable {
            let kid: String
            let createdAt: String
            let pem: String

            enum CodingKeys: String, CodingKey {
                case kid, pem
                case createdAt = "created_at"
            }
        }
        var keys: [Entry]
    }

    let keys: [Key]

    var current: Key? { keys.last }

    func key(kid: String) -> Key? { keys.first { $0.kid == kid } }

    var jwks: JSONWebKeySet {
        JSONWebKeySet(keys: keys.map { key in
            JSONWebKey(kid: key.kid, n: Base64URL.encode(key.publicKey.modulus),
                       e: Base64URL.encode(key.publicKey.exponent))
        })
    }

    /// Loads the keys at `path`; with `create`, makes a first key when the file is absent.
    static func open(path: String, create: Bool) throws(ServiceError) -> SigningKeySet {
        if let data = try SecretFile.read(path) {
            do {
                let file = try JSONCoding.decoder().decode(File.self, from: data)
                let keys = try file.keys.map { Key(kid: $0.kid, privateKey: try RSAPrivateKey(pem: $0.pem)) }
                guard !keys.isEmpty else { throw ServiceError.unavailable("no keys") }
                return SigningKeySet(keys: keys)
            } catch {
                throw ServiceError.unavailable("the signing keys at \(path) are unreadable: \(error)")
            }
        }
        guard create else { throw ServiceError.unavailable("no signing keys at \(path)") }
        do {
            let privateKey = try RSAPrivateKey(bits: 2048)
            let key = Key(kid: thumbprint(privateKey.publicKey), privateKey: privateKey)
            let file = File(keys: [.init(kid: key.kid, createdAt: Timestamp.now().rfc3339,
                                         pem: try privateKey.pemRepresentation())])
            try SecretFile.write(try JSONCoding.encoder().encode(file), to: path)
            return SigningKeySet(keys: [key])
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.internalError("creating a signing key failed: \(error)")
        }
    }

    /// The RFC 7638 JWK thumbprint, base64url: a stable `kid` derived from the key itself.
    static func thumbprint(_ key: RSAPublicKey) -> String {
        let canonical = "{\"e\":\"\(Base64URL.encode(key.exponent))\",\"kty\":\"RSA\",\"n\":\"\(Base64URL.encode(key.modulus))\"}"
        return Base64URL.encode(SHA256.hash(Array(canonical.utf8)))
    }
}
