import Model

/// Where API keys and their hash key are kept. The single binary keeps them in `identity.sqlite` (`IdentityStore`);
/// a deployment without a local pool (AWS Lambda) keeps them in the DynamoDB log table (`DynamoDBAPIKeyStore`). Every
/// process reads the changes into its own copy (`APIKeyring`), so verifying a key never reads the store.
protocol APIKeyStore: Sendable {
    /// The sealed hash key; nil until the first key is made.
    func sealedHashKey() async throws(ServiceError) -> SealedHashKey?

    /// Stores `key` unless a hash key is stored already (another process made one first); returns the one stored.
    func storeHashKey(_ key: SealedHashKey) async throws(ServiceError) -> SealedHashKey

    /// Adds `key`; `conflict` when its tenant already has `activeLimit` keys in force at `key.createdAt`.
    func insert(_ key: APIKeyRecord, activeLimit: Int) async throws(ServiceError)

    /// The keys created or revoked after change `version` (0: all), and the version they bring the reader to. Versions
    /// grow with every such change, in the order the changes were committed.
    func changes(after version: Int64) async throws(ServiceError) -> (keys: [APIKeyRecord], version: Int64)

    /// The keys not revoked, of `tenant` oldest first, or (nil) of every tenant, by tenant and then oldest first.
    func keys(of tenant: TenantID?) async throws(ServiceError) -> [APIKeyRecord]

    /// Revokes the key `id` at `now` if it is one of `tenant`'s (nil: of any tenant) and not revoked yet; returns it as
    /// revoked, nil otherwise.
    func revoke(_ id: String, of tenant: TenantID?, at now: Timestamp) async throws(ServiceError) -> APIKeyRecord?

    /// Writes when keys were last used; a stored time only moves forward. Not a change that `changes` reports.
    func recordLastUse(_ times: [String: Timestamp]) async throws(ServiceError)
}
