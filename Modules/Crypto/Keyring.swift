public import Model

/// KMS-style key management: data keys per tenant, wrapped under a key-encryption key.
public protocol Keyring: Sendable {
    /// The data key new entries of `tenant` are sealed with, created on first use.
    func currentDataKey(for tenant: TenantID) async throws(ServiceError) -> DataKey

    /// The data key `id` of `tenant`; `decryptionFailed` if it is unknown or belongs to another tenant.
    func dataKey(id: String, tenant: TenantID) async throws(ServiceError) -> DataKey
}
