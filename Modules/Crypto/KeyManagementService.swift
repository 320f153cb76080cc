public import Model

/// A key-encryption service with AWS KMS's semantics: it makes data keys and wraps them under a
/// key-encryption key it never reveals, bound to an encryption context that must match to unwrap.
/// Implemented by the local keyring (single binary) and by AWS KMS.
public protocol KeyManagementService: Sendable {
    /// A new 32-byte data key: its plaintext (keep in memory only) and its wrapped form.
    func generateDataKey(context: EncryptionContext) async throws(ServiceError) -> GeneratedDataKey

    /// The plaintext of a wrapped data key; `decryptionFailed` if the wrapped bytes or the context differ.
    func decrypt(_ wrapped: WrappedDataKey, context: EncryptionContext) async throws(ServiceError) -> [UInt8]

    /// The same data key wrapped under the current key-encryption key (KMS ReEncrypt).
    func reEncrypt(_ wrapped: WrappedDataKey, context: EncryptionContext) async throws(ServiceError) -> WrappedDataKey

    /// The key-encryption key new data keys are wrapped under (what `reEncrypt` moves keys to).
    func currentKeyID() async throws(ServiceError) -> String

    /// A small secret (at most 4096 bytes, such as a token-signing key) encrypted directly under the root key, as
    /// KMS Encrypt does: the local master key (like the key-encryption keys) or the KMS key, bound to `context`.
    /// Unlike data keys it does not depend on a key-encryption key version, so rotating and retiring those never
    /// touches it.
    func sealSecret(_ secret: [UInt8], context: EncryptionContext) async throws(ServiceError) -> [UInt8]

    /// The secret `sealSecret` sealed (KMS Decrypt); `decryptionFailed` if the bytes, the root key or the context differ.
    func openSecret(_ sealed: [UInt8], context: EncryptionContext) async throws(ServiceError) -> [UInt8]
}

/// KMS's encryption context: non-secret key/value pairs bound to a wrapped key (here `{"tenant": ...}`).
public typealias EncryptionContext = [String: String]

/// A data key fresh from `generateDataKey`.
public struct GeneratedDataKey: Sendable {
    public let plaintext: [UInt8]
    public let wrapped: WrappedDataKey

    public init(plaintext: [UInt8], wrapped: WrappedDataKey) {
        self.plaintext = plaintext
        self.wrapped = wrapped
    }
}

/// A data key wrapped under a key-encryption key, and which key that is (a local version or a KMS key ARN).
public struct WrappedDataKey: Sendable, Equatable {
    public let ciphertext: [UInt8]
    public let keyEncryptionKeyID: String

    public init(ciphertext: [UInt8], keyEncryptionKeyID: String) {
        self.ciphertext = ciphertext
        self.keyEncryptionKeyID = keyEncryptionKeyID
    }
}
