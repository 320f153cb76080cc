import CLibSSL
import Synchronization

/// An AES-256-GCM key prepared once for many messages: OpenSSL contexts holding its key schedule
/// are pooled, so each message only sets its nonce. Safe to share across tasks.
public final class AESGCMKey: @unchecked Sendable {
    private var key: [UInt8]
    private let encryptors = Mutex<[Context]>([])
    private let decryptors = Mutex<[Context]>([])

    /// An OpenSSL cipher context, owned by exactly one user at a time.
    private struct Context: @unchecked Sendable {
        let pointer: OpaquePointer
    }
    private static let pooled = 16

    /// `key` must be 32 bytes; it is copied and zeroed when this key is released.
    public init(_ key: [UInt8]) throws(CryptoFailure) {
        guard key.count == AESGCM.keySize else {
            throw CryptoFailure("AES-GCM key must be \(AESGCM.keySize) bytes, got \(key.count)")
        }
        self.key = key
    }

    deinit {
        for context in encryptors.withLock({ $0 }) + decryptors.withLock({ $0 }) { EVP_CIPHER_CTX_free(context.pointer) }
        secureZero(&key)
    }

    /// Encrypts `plaintext` under `nonce` (12 bytes, never reused with this key); returns ciphertext and tag.
    public func seal(nonce: [UInt8], plaintext: [UInt8], aad: [UInt8]) throws(CryptoFailure) -> (ciphertext: [UInt8], tag: [UInt8]) {
        try AESGCM.validate(key: key, nonce: nonce)
        let context = try checkOut(encrypting: true)
        guard EVP_EncryptInit_ex(context, nil, nil, nil, nonce) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw .openSSL("AES-GCM encrypt init")
        }
        do {
            let sealed = try AESGCM.encrypt(in: context, plaintext: plaintext, aad: aad)
            checkIn(context, encrypting: true)
            return sealed
        } catch {
            EVP_CIPHER_CTX_free(context)
            throw error
        }
    }

    /// Decrypts; throws if the tag does not authenticate ciphertext, nonce and aad.
    public func open(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8], aad: [UInt8]) throws(CryptoFailure) -> [UInt8] {
        try nonce.withUnsafeBytes { nonce in
            ciphertext.withUnsafeBytes { ciphertext in
                tag.withUnsafeBytes { tag in
                    aad.withUnsafeBytes { aad in
                        Result { () throws(CryptoFailure) in try open(nonce: nonce, ciphertext: ciphertext, tag: tag, aad: aad) }
                    }
                }
            }
        }.get()
    }

    /// Decrypts parts of buffers the caller holds (a sealed message's, in place); throws as the other `open`.
    public func open(nonce: UnsafeRawBufferPointer, ciphertext: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer,
                     aad: UnsafeRawBufferPointer) throws(CryptoFailure) -> [UInt8] {
        guard nonce.count == AESGCM.nonceSize, let nonceBytes = nonce.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw CryptoFailure("AES-GCM nonce must be \(AESGCM.nonceSize) bytes, got \(nonce.count)")
        }
        let context = try checkOut(encrypting: false)
        guard EVP_DecryptInit_ex(context, nil, nil, nil, nonceBytes) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw .openSSL("AES-GCM decrypt init")
        }
        do {
            let plaintext = try AESGCM.decrypt(in: context, ciphertext: ciphertext, tag: tag, aad: aad)
            checkIn(context, encrypting: false)
            return plaintext
        } catch {
            EVP_CIPHER_CTX_free(context)
            throw error
        }
    }

    /// A pooled context, or a new one initialised with the key.
    private func checkOut(encrypting: Bool) throws(CryptoFailure) -> OpaquePointer {
        let pooled = encrypting ? encryptors.withLock { $0.popLast() } : decryptors.withLock { $0.popLast() }
        if let pooled { return pooled.pointer }
        ERR_clear_error()
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSL("EVP_CIPHER_CTX_new") }
        let cipher = aes256GCM.cipher ?? EVP_aes_256_gcm()
        let initialised = encrypting ? EVP_EncryptInit_ex(context, cipher, nil, key, nil)
                                     : EVP_DecryptInit_ex(context, cipher, nil, key, nil)
        guard initialised == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw .openSSL("AES-GCM key setup")
        }
        return context
    }

    private func checkIn(_ context: OpaquePointer, encrypting: Bool) {
        let returned = Context(pointer: context)
        func keep(_ contexts: inout [Context]) -> Bool {
            guard contexts.count < AESGCMKey.pooled else { return false }
            contexts.append(returned)
            return true
        }
        let kept = encrypting ? encryptors.withLock { keep(&$0) } : decryptors.withLock { keep(&$0) }
        if !kept { EVP_CIPHER_CTX_free(context) }
    }
}
