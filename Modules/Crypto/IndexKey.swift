import CryptoPrimitives
public import Model

/// A tenant's blind-index key: the HMAC-SHA256 key of its index tokens (`IndexToken`), held in memory only and
/// zeroed when released. It is stored wrapped by the KMS among the tenant's data keys (id `ik_TENANT`, encryption
/// context `tenant` and `purpose=blind-index`), so re-wrapping moves it with them and crypto-shredding the tenant
/// destroys it: the tokens already stored then match nothing a query can compute.
public final class IndexKey: @unchecked Sendable {
    public let tenant: TenantID
    private var material: [UInt8]

    init(tenant: TenantID, material: [UInt8]) {
        self.tenant = tenant
        self.material = material
    }

    /// The record id of `tenant`'s index key.
    static func id(of tenant: TenantID) -> String { "ik_" + tenant.rawValue }

    /// HMAC-SHA256 over `logsvc-index-v1`, the field, and the value (each but the last followed by a 0 byte),
    /// truncated to its first 16 bytes.
    public func token(_ term: IndexTerm) -> IndexToken {
        let data = Array("logsvc-index-v1".utf8) + [0] + Array(term.field.utf8) + [0] + term.value
        return IndexToken(bytes: Array(HMACSHA256.authenticationCode(key: material, data: data).prefix(16)))
    }

    deinit {
        secureZero(&material)
    }
}
