import CLibSSL

/// The AES-256-GCM implementation, fetched from OpenSSL's provider once: an implicit fetch on every
/// init (what `EVP_aes_256_gcm()` costs in OpenSSL 3) dominates the time of small messages.
struct FetchedCipher: @unchecked Sendable {
    let cipher: OpaquePointer?
}

let aes256GCM = FetchedCipher(cipher: EVP_CIPHER_fetch(nil, "AES-256-GCM", nil))

/// AES-256-GCM authenticated encryption with 96-bit nonces and 128-bit tags.
public enum AESGCM {
    public static let keySize = 32
    public static let nonceSize = 12
    public static let tagSize = 16

    /// AES-256-GCM encryption; returns ciphertext and 16-byte tag.
    public static func seal(
        key: [UInt8], nonce: [UInt8], plaintext: [UInt8], aad: [UInt8]
    ) throws(CryptoFailure) -> (ciphertext: [UInt8], tag: [UInt8]) {
        try validate(key: key, nonce: nonce)
        ERR_clear_error()
        guard let context = EVP_CIPHER_CTX_new() else {
            throw .openSSL("EVP_CIPHER_CTX_new")
        }
        defer { EVP_CIPHER_CTX_free(context) }

        guard EVP_EncryptInit_ex(context, aes256GCM.cipher ?? EVP_aes_256_gcm(), nil, key, nonce) == 1 else {
            throw .openSSL("AES-GCM encrypt init")
        }
        return try encrypt(in: context, plaintext: plaintext, aad: aad)
    }

    /// Encrypts with a context already initialised with key and nonce.
    static func encrypt(in context: OpaquePointer, plaintext: [UInt8], aad: [UInt8])
        throws(CryptoFailure) -> (ciphertext: [UInt8], tag: [UInt8]) {
        let plaintextLength = try cInt(plaintext.count, "AES-GCM plaintext")
        let aadLength = try cInt(aad.count, "AES-GCM aad")
        var written: Int32 = 0
        if aadLength > 0 {
            guard EVP_EncryptUpdate(context, nil, &written, aad, aadLength) == 1 else {
                throw .openSSL("AES-GCM aad")
            }
        }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        if plaintextLength > 0 {
            guard EVP_EncryptUpdate(context, &ciphertext, &written, plaintext, plaintextLength) == 1,
                  written == plaintextLength else {
                throw .openSSL("AES-GCM encrypt")
            }
        }
        var trailing = [UInt8](repeating: 0, count: tagSize)
        guard EVP_EncryptFinal_ex(context, &trailing, &written) == 1, written == 0 else {
            throw .openSSL("AES-GCM encrypt final")
        }
        var tag = [UInt8](repeating: 0, count: tagSize)
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), &tag) == 1 else {
            throw .openSSL("AES-GCM get tag")
        }
        return (ciphertext, tag)
    }

    /// AES-256-GCM decryption; throws if the tag does not authenticate ciphertext and aad.
    public static func open(
        key: [UInt8], nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8], aad: [UInt8]
    ) throws(CryptoFailure) -> [UInt8] {
        try validate(key: key, nonce: nonce)
        ERR_clear_error()
        guard let context = EVP_CIPHER_CTX_new() else {
            throw .openSSL("EVP_CIPHER_CTX_new")
        }
        defer { EVP_CIPHER_CTX_free(context) }

        guard EVP_DecryptInit_ex(context, aes256GCM.cipher ?? EVP_aes_256_gcm(), nil, key, nonce) == 1 else {
            throw .openSSL("AES-GCM decrypt init")
        }
        return try decrypt(in: context, ciphertext: ciphertext, tag: tag, aad: aad)
    }

    /// Decrypts with a context already initialised with key and nonce; throws unless the tag authenticates.
    static func decrypt(in context: OpaquePointer, ciphertext: [UInt8], tag: [UInt8], aad: [UInt8])
        throws(CryptoFailure) -> [UInt8] {
        try ciphertext.withUnsafeBytes { ciphertext in
            tag.withUnsafeBytes { tag in
                aad.withUnsafeBytes { aad in
                    Result { () throws(CryptoFailure) in try decrypt(in: context, ciphertext: ciphertext, tag: tag, aad: aad) }
                }
            }
        }.get()
    }

    /// Decrypts with a context already initialised with key and nonce; throws unless the tag authenticates.
    static func decrypt(in context: OpaquePointer, ciphertext: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer,
                        aad: UnsafeRawBufferPointer) throws(CryptoFailure) -> [UInt8] {
        guard tag.count == tagSize else {
            throw CryptoFailure("AES-GCM tag must be \(tagSize) bytes, got \(tag.count)")
        }
        let ciphertextLength = try cInt(ciphertext.count, "AES-GCM ciphertext")
        let aadLength = try cInt(aad.count, "AES-GCM aad")
        var written: Int32 = 0
        if aadLength > 0, let aad = aad.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            guard EVP_DecryptUpdate(context, nil, &written, aad, aadLength) == 1 else {
                throw .openSSL("AES-GCM aad")
            }
        }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        if ciphertextLength > 0, let ciphertext = ciphertext.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            guard EVP_DecryptUpdate(context, &plaintext, &written, ciphertext, ciphertextLength) == 1,
                  written == ciphertextLength else {
                secureZero(&plaintext)
                throw .openSSL("AES-GCM decrypt")
            }
        }
        let authenticated = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: tagSize) { scratch in
            _ = scratch.initialize(from: tag)
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), scratch.baseAddress) == 1 else { return false }
            return EVP_DecryptFinal_ex(context, scratch.baseAddress, &written) == 1
        }
        guard authenticated else {
            secureZero(&plaintext)
            throw .openSSL("AES-GCM authentication")
        }
        return plaintext
    }

    static func validate(key: [UInt8], nonce: [UInt8]) throws(CryptoFailure) {
        guard key.count == keySize else {
            throw CryptoFailure("AES-GCM key must be \(keySize) bytes, got \(key.count)")
        }
        guard nonce.count == nonceSize else {
            throw CryptoFailure("AES-GCM nonce must be \(nonceSize) bytes, got \(nonce.count)")
        }
    }
}
