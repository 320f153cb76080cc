public import Model

/// Data keys per tenant, as the Crypto module uses them.
public protocol Keyring: Sendable {
    /// A data key to seal `messages` more messages of `bytes` total for `tenant`; a new one when the
    /// current key reached its age, message or byte limit.
    func sealingKey(for tenant: TenantID, messages: Int, bytes: Int) async throws(ServiceError) -> DataKey

    /// The data key `id` of `tenant`; `keyDestroyed` if the tenant was shredded, `decryptionFailed`
    /// if it is unknown or belongs to another tenant.
    func dataKey(id: String, tenant: TenantID) async throws(ServiceError) -> DataKey

    /// The index key of `tenant`, made on first use; every process on one key store gets the same.
    func indexKey(for tenant: TenantID) async throws(ServiceError) -> IndexKey
}
