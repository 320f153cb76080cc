import CLibSSL

/// OpenSSL key handling shared by the RSA and EC keys: PEM in and out, the public-key check, signing.
enum EVPKeyFunctions {
    /// PKCS#8 PEM text of `key`, built in OpenSSL's secure heap and wiped after copying.
    static func write(_ key: OpaquePointer) throws(CryptoFailure) -> String {
        ERR_clear_error()
        guard let bio = BIO_new(BIO_s_secmem()) else {
            throw .openSSL("BIO_new")
        }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PKCS8PrivateKey(bio, key, nil, nil, 0, nil, nil) == 1 else {
            throw .openSSL("PEM_write_bio_PKCS8PrivateKey")
        }
        let pending = BIO_ctrl_pending(bio)
        let length = try cInt(pending, "PEM")
        var text = [UInt8](repeating: 0, count: pending)
        defer { secureZero(&text) }
        guard BIO_read(bio, &text, length) == length else {
            throw .openSSL("BIO_read")
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The unencrypted private key in `pem`; the caller checks its type and owns the result.
    static func read(_ pem: String) throws(CryptoFailure) -> OpaquePointer {
        var text = Array(pem.utf8)
        defer { secureZero(&text) }
        let length = try cInt(text.count, "PEM")
        ERR_clear_error()
        let key = text.withNonNilBytes { bytes, _ -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(bytes, length) else { return nil }
            defer { BIO_free(bio) }
            // Refuse passphrases instead of letting OpenSSL prompt on a terminal.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in -1 }, nil)
        }
        guard let key else {
            throw .openSSL("PEM_read_bio_PrivateKey")
        }
        return key
    }

    /// OpenSSL's public-key check of `key` (`what` names it in the error).
    static func checkPublic(_ key: OpaquePointer, _ what: String) throws(CryptoFailure) {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
            throw .openSSL("EVP_PKEY_CTX_new_from_pkey")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_public_check(context) == 1 else {
            throw .openSSL(what)
        }
    }

    /// A SHA-256 digest signature of `data` with `key` (OpenSSL's encoding: DER for ECDSA), with a fresh
    /// context per call; `configure` sets algorithm options on the key context (e.g. RSA padding).
    static func signSHA256(_ data: [UInt8], with key: OpaquePointer, algorithm: String,
                           configure: (OpaquePointer?) -> Bool) throws(CryptoFailure) -> [UInt8] {
        ERR_clear_error()
        guard let context = EVP_MD_CTX_new() else {
            throw .openSSL("EVP_MD_CTX_new")
        }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit(context, &keyContext, EVP_sha256(), nil, key) == 1, configure(keyContext) else {
            throw .openSSL("EVP_DigestSignInit(\(algorithm))")
        }
        var length = 0
        guard data.withNonNilBytes({ bytes, count in EVP_DigestSign(context, nil, &length, bytes, count) }) == 1 else {
            throw .openSSL("EVP_DigestSign(\(algorithm)) length")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard data.withNonNilBytes({ bytes, count in EVP_DigestSign(context, &signature, &length, bytes, count) }) == 1 else {
            throw .openSSL("EVP_DigestSign(\(algorithm))")
        }
        return Array(signature.prefix(length))
    }
}
