public import Model

/// Seals the local pool's token-signing private keys at rest, so that `identity.sqlite` alone signs nothing:
/// implemented over the configured keyring (the master key or the KMS key) by the composition, which keeps Auth
/// free of the Crypto module.
public protocol SigningKeySeal: Sendable {
    /// The sealed form of a private key (PKCS#8 PEM bytes) bound to its `kid`.
    func seal(_ privateKey: [UInt8], kid: String) async throws(ServiceError) -> [UInt8]

    /// The private key `seal` sealed for `kid`; `decryptionFailed` under another root key or for another kid.
    func open(_ sealed: [UInt8], kid: String) async throws(ServiceError) -> [UInt8]
}
