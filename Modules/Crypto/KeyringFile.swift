/// The on-disk form of the local keyring (`keyring.json`, mode 0600).
struct KeyringFile: Codable {
    var format: Int = 1
    var keyEncryptionKeys: [KeyEncryptionKey]
    var dataKeys: [WrappedDataKey]

    struct KeyEncryptionKey: Codable {
        let version: Int
        /// Base64 of the 32 key bytes.
        let material: String
        let createdAt: String

        enum CodingKeys: String, CodingKey {
            case version, material
            case createdAt = "created_at"
        }
    }

    struct WrappedDataKey: Codable {
        let id: String
        let tenant: String
        let kekVersion: Int
        /// Base64 of nonce, ciphertext and tag of the data key under the key-encryption key.
        let wrapped: String
        let createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, tenant, wrapped
            case kekVersion = "kek_version"
            case createdAt = "created_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format
        case keyEncryptionKeys = "key_encryption_keys"
        case dataKeys = "data_keys"
    }
}
