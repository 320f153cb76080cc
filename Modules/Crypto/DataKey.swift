import CryptoPrimitives
public import Model

/// A plaintext data key of one tenant, held in memory only and zeroed when released.
public final class DataKey: @unchecked Sendable {
    public let id: String
    /// `id`'s UTF-8, as envelopes hold it.
    let idBytes: [UInt8]
    public let tenant: TenantID
    public let createdAt: Timestamp
    /// The 32 key bytes; never written anywhere.
    private(set) var material: [UInt8]
    /// The key prepared for AES-256-GCM (pooled OpenSSL contexts with its key schedule).
    let cipher: AESGCMKey

    init(id: String, tenant: TenantID, createdAt: Timestamp, material: [UInt8]) throws(ServiceError) {
        self.id = id
        self.idBytes = Array(id.utf8)
        self.tenant = tenant
        self.createdAt = createdAt
        self.material = material
        do { cipher = try AESGCMKey(material) } catch { throw ServiceError.internalError("a data key is not 32 bytes") }
    }

    deinit {
        secureZero(&material)
    }
}
