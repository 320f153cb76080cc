import CLibSSL

/// A P-256 private key held by OpenSSL (EVP_PKEY); immutable after creation, safe to share across tasks.
public final class ECPrivateKey: @unchecked Sendable {
    private let key: OpaquePointer

    /// The public half of this key.
    public let publicKey: ECPublicKey

    /// Generates a new P-256 key.
    public convenience init() throws(CryptoFailure) {
        try self.init(owning: Self.generate())
    }

    /// Reads an unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") holding a P-256 key.
    /// Throws for other curves and other key types.
    public convenience init(pem: String) throws(CryptoFailure) {
        try self.init(owning: Self.read(pem: pem))
    }

    private init(owning key: OpaquePointer) throws(CryptoFailure) {
        do throws(CryptoFailure) {
            self.publicKey = try ECPublicKey(
                x: ECPublicKey.coordinate(logsvc_param_ec_pub_x(), of: key),
                y: ECPublicKey.coordinate(logsvc_param_ec_pub_y(), of: key))
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

    /// ES256 (ECDSA P-256, SHA-256) signature of `data` in the JWS form: r||s, 64 bytes, each left-padded to 32.
    public func signSHA256(_ data: [UInt8]) throws(CryptoFailure) -> [UInt8] {
        let der = try EVPKeyFunctions.signSHA256(data, with: key, algorithm: "ES256") { _ in true }
        return try ECDSASignature.raw(fromDER: der)
    }

    private static func generate() throws(CryptoFailure) -> OpaquePointer {
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new_from_name(nil, logsvc_key_type_ec(), nil) else {
            throw .openSSL("EVP_PKEY_CTX_new_from_name(EC)")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_group_name(context, logsvc_group_p256()) == 1,
              EVP_PKEY_generate(context, &key) == 1,
              let key else {
            throw .openSSL("EC P-256 key generation")
        }
        return key
    }

    private static func read(pem: String) throws(CryptoFailure) -> OpaquePointer {
        let key = try EVPKeyFunctions.read(pem)
        guard EVP_PKEY_is_a(key, logsvc_key_type_ec()) == 1 else {
            EVP_PKEY_free(key)
            throw CryptoFailure("PEM holds a private key that is not EC")
        }
        guard isP256(key) else {
            EVP_PKEY_free(key)
            throw CryptoFailure("PEM holds an EC key on a curve other than P-256")
        }
        return key
    }

    /// True if `key` is on the named curve P-256 (prime256v1); false for other or explicit curves.
    private static func isP256(_ key: OpaquePointer) -> Bool {
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 else {
            return false
        }
        let group = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return group == String(cString: logsvc_group_p256())
    }
}
