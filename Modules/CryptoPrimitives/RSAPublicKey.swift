import CLibSSL

/// An RSA public key; safe to share across tasks.
public final class RSAPublicKey: @unchecked Sendable {
    /// The smallest modulus, in bits, that `init(modulus:exponent:)` accepts.
    static let minimumBits = 2048

    private let key: OpaquePointer

    /// Big-endian modulus and exponent without leading zero bytes (for a JWK's n and e).
    public let modulus: [UInt8]
    public let exponent: [UInt8]

    /// Size of the modulus in bits.
    public var bits: Int { Int(EVP_PKEY_get_bits(key)) }

    /// Builds a key from big-endian modulus and exponent, as a JWK's `n` and `e` carry them.
    /// Throws for moduli under 2048 bits and for keys OpenSSL's public-key check rejects.
    public convenience init(modulus: [UInt8], exponent: [UInt8]) throws(CryptoFailure) {
        try self.init(modulus: modulus, exponent: exponent, minimumBits: Self.minimumBits)
    }

    init(modulus: [UInt8], exponent: [UInt8], minimumBits: Int) throws(CryptoFailure) {
        ERR_clear_error()
        let key = try Self.makeKey(modulus: modulus, exponent: exponent)
        do throws(CryptoFailure) {
            let bits = Int(EVP_PKEY_get_bits(key))
            guard bits >= minimumBits else {
                throw CryptoFailure("RSA public key of \(bits) bits is under the \(minimumBits)-bit minimum")
            }
            try Self.check(key)
            self.modulus = try rsaParameter(logsvc_param_rsa_n(), of: key)
            self.exponent = try rsaParameter(logsvc_param_rsa_e(), of: key)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.key = key
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// True only if `signature` is a valid RS256 (PKCS1-v1_5, SHA-256) signature of `data` under this key.
    /// Never throws; any OpenSSL error means false.
    public func verifySHA256(signature: [UInt8], data: [UInt8]) -> Bool {
        defer { ERR_clear_error() }
        guard !signature.isEmpty, let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context, &keyContext, EVP_sha256(), nil, key) == 1,
              EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1 else {
            return false
        }
        let status = data.withNonNilBytes { bytes, count in
            EVP_DigestVerify(context, signature, signature.count, bytes, count)
        }
        return status == 1
    }

    private static func makeKey(modulus: [UInt8], exponent: [UInt8]) throws(CryptoFailure) -> OpaquePointer {
        let modulusLength = try cInt(modulus.count, "RSA modulus")
        let exponentLength = try cInt(exponent.count, "RSA exponent")
        guard let n = modulus.withNonNilBytes({ bytes, _ in BN_bin2bn(bytes, modulusLength, nil) }) else {
            throw .openSSL("BN_bin2bn(n)")
        }
        defer { BN_free(n) }
        guard let e = exponent.withNonNilBytes({ bytes, _ in BN_bin2bn(bytes, exponentLength, nil) }) else {
            throw .openSSL("BN_bin2bn(e)")
        }
        defer { BN_free(e) }

        guard let builder = OSSL_PARAM_BLD_new() else {
            throw .openSSL("OSSL_PARAM_BLD_new")
        }
        defer { OSSL_PARAM_BLD_free(builder) }
        guard OSSL_PARAM_BLD_push_BN(builder, logsvc_param_rsa_n(), n) == 1,
              OSSL_PARAM_BLD_push_BN(builder, logsvc_param_rsa_e(), e) == 1,
              let parameters = OSSL_PARAM_BLD_to_param(builder) else {
            throw .openSSL("OSSL_PARAM_BLD")
        }
        defer { OSSL_PARAM_free(parameters) }

        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw .openSSL("EVP_PKEY_CTX_new_from_name(RSA)")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
              EVP_PKEY_fromdata(context, &key, logsvc_selection_public_key(), parameters) == 1,
              let key else {
            throw .openSSL("EVP_PKEY_fromdata(RSA)")
        }
        return key
    }

    /// OpenSSL's public-key check: an odd, composite modulus without small prime factors and an odd exponent above 1.
    private static func check(_ key: OpaquePointer) throws(CryptoFailure) {
        try EVPKeyFunctions.checkPublic(key, "RSA public key check")
    }
}
