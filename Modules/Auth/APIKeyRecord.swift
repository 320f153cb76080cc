import Model

/// An API key as stored: its keyed hash, never its secret.
struct APIKeyRecord: Sendable, Equatable {
    let id: String
    /// HMAC-SHA256, under the pool's API-key hash key, of the whole key text (`lsk_<id>_<secret>`): 32 bytes.
    let hash: [UInt8]
    let tenant: TenantID
    let role: Role
    /// Empty when it has none.
    let name: String
    let createdAt: Timestamp
    /// nil: it never expires.
    let expiresAt: Timestamp?
    /// nil while it is in force.
    let revokedAt: Timestamp?
    /// As last written back (at most about once a minute per process); nil: never used.
    let lastUsedAt: Timestamp?
    /// The store's change version of the key's creation or revocation, whichever came last (0 before it is stored).
    var version: Int64 = 0

    var summary: APIKeySummary {
        APIKeySummary(id: id, name: name, tenant: tenant, role: role, createdAt: createdAt, lastUsedAt: lastUsedAt, expiresAt: expiresAt)
    }
}

/// The API-key hash key as stored: 32 random bytes sealed by the pool's `SigningKeySeal` (the master key or the KMS
/// key), never in clear.
struct SealedHashKey: Sendable, Equatable {
    /// Names the key; bound to its seal, so a sealed key opens only as the key it was sealed as.
    let id: String
    let sealed: [UInt8]
}
