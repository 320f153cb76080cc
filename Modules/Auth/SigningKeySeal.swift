public import Model

/// Seals the local pool's secrets at rest, so that `identity.sqlite` alone signs nothing and checks no API key: its
/// token-signing private keys and the key its API keys are hashed under. Implemented over the configured keyring (the
/// master key or the KMS key) by the composition, which keeps Auth free of the Crypto module.
public protocol SigningKeySeal: Sendable {
    /// The sealed form of a private key (PKCS#8 PEM bytes) bound to its `kid`.
    func seal(_ privateKey: [UInt8], kid: String) async throws(ServiceError) -> [UInt8]

    /// The private key `seal` sealed for `kid`; `decryptionFailed` under another root key or for another kid.
    func open(_ sealed: [UInt8], kid: String) async throws(ServiceError) -> [UInt8]

    /// The sealed form of the API-key hash key (32 bytes) bound to its `id`, under another purpose than signing keys,
    /// so that neither opens as the other.
    func sealHashKey(_ key: [UInt8], id: String) async throws(ServiceError) -> [UInt8]

    /// The hash key `sealHashKey` sealed for `id`; `decryptionFailed` under another root key or for another id.
    func openHashKey(_ sealed: [UInt8], id: String) async throws(ServiceError) -> [UInt8]
}
