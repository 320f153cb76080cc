import Auth
import EnvelopeCrypto
import Model

/// The local pool's token-signing keys sealed by the configured keyring's root key (the master key, as the
/// key-encryption keys are, or the KMS key), bound to the context `{"purpose": "token-signing-key", "kid": KID}` so a
/// sealed key opens only as the key it was sealed as.
struct KeyringSigningKeySeal: SigningKeySeal {
    let kms: any KeyManagementService

    func seal(_ privateKey: [UInt8], kid: String) async throws(ServiceError) -> [UInt8] {
        try await kms.sealSecret(privateKey, context: KeyringSigningKeySeal.context(kid))
    }

    func open(_ sealed: [UInt8], kid: String) async throws(ServiceError) -> [UInt8] {
        try await kms.openSecret(sealed, context: KeyringSigningKeySeal.context(kid))
    }

    private static func context(_ kid: String) -> EncryptionContext {
        ["purpose": "token-signing-key", "kid": kid]
    }
}
