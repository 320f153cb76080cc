import Auth
import EnvelopeCrypto
import Model

/// The local pool's secrets sealed by the configured keyring's root key (the master key, as the key-encryption keys
/// are, or the KMS key), each bound to its purpose and name: a token-signing key to
/// `{"purpose": "token-signing-key", "kid": KID}`, the API-key hash key to `{"purpose": "api-key-hash-key", "id": ID}`,
/// so a sealed secret opens only as what it was sealed as.
struct KeyringSigningKeySeal: SigningKeySeal {
    let kms: any KeyManagementService

    func seal(_ privateKey: [UInt8], kid: String) async throws(ServiceError) -> [UInt8] {
        try await kms.sealSecret(privateKey, context: KeyringSigningKeySeal.signingContext(kid))
    }

    func open(_ sealed: [UInt8], kid: String) async throws(ServiceError) -> [UInt8] {
        try await kms.openSecret(sealed, context: KeyringSigningKeySeal.signingContext(kid))
    }

    func sealHashKey(_ key: [UInt8], id: String) async throws(ServiceError) -> [UInt8] {
        try await kms.sealSecret(key, context: KeyringSigningKeySeal.hashKeyContext(id))
    }

    func openHashKey(_ sealed: [UInt8], id: String) async throws(ServiceError) -> [UInt8] {
        try await kms.openSecret(sealed, context: KeyringSigningKeySeal.hashKeyContext(id))
    }

    private static func signingContext(_ kid: String) -> EncryptionContext {
        ["purpose": "token-signing-key", "kid": kid]
    }

    private static func hashKeyContext(_ id: String) -> EncryptionContext {
        ["purpose": "api-key-hash-key", "id": id]
    }
}
