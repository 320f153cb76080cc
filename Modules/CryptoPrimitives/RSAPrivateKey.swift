import CLibSSL

/// An RSA private key held by OpenSSL (EVP_PKEY); immutable after creation, safe to share across tasks.
public final class RSAPrivateKey: @unchecked Sendable {
    private let key: OpaquePointer

    /// The public half of this key.
    public let publicKey: RSAPublicKey

    /// Generates a new key with public exponent 65537, default 2048 bits.
    public convenience init(bits: Int = 2048) throws(CryptoFailure) {
        try self.init(owning: Self.generate(bits: bits))
    }

    /// Reads an unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") holding an RSA key.
    public convenience init(pem: String) throws(CryptoFailure) {
        try self.init(owning: Self.read(pem: pem))
    }

    private init(owning key: OpaquePointer) throws(CryptoFailure) {
        do throws(CryptoFailure) {
            self.publicKey = try RSAPublicKey(
                modulus: rsaParameter(logsvc_param_rsa_n(), of: key),
                exponent: rsaParameter(logsvc_param_rsa_e(), of: key),
                minimumBits: 0)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.key = key
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// PKCS#8 PEM text of the private key.
    public func pemRepresentation() throws(CryptoFailure) -> String {
        try EVPKeyFunctions.write(key)
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 (JWT RS256) signature of `data`.
    public func signSHA256(_ data: [UInt8]) throws(CryptoFailure) -> [UInt8] {
        try EVPKeyFunctions.signSHA256(data, with: key, algorithm: "RS256") { keyContext in
            EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1
        }
    }

    private static func generate(bits: Int) throws(CryptoFailure) -> OpaquePointer {
        let bitCount = try cInt(bits, "RSA key size")
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw .openSSL("EVP_PKEY_CTX_new_from_name(RSA)")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_rsa_keygen_bits(context, bitCount) == 1,
              EVP_PKEY_generate(context, &key) == 1,
              let key else {
            throw .openSSL("RSA key generation (\(bits) bits)")
        }
        return key
    }

    private static func read(pem: String) throws(CryptoFailure) -> OpaquePointer {
        let key = try EVPKeyFunctions.read(pem)
        guard EVP_PKEY_is_a(key, "RSA") == 1 else {
            EVP_PKEY_free(key)
            throw CryptoFailure("PEM holds a private key that is not RSA")
        }
        return key
    }
}
