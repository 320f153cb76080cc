public import Model

/// Where wrapped data keys live: only wrapped keys are ever stored, with a tombstone per crypto-shredded tenant.
/// The SQLite store serves one process; the DynamoDB store is shared by every process on one table.
public protocol DataKeyStore: Sendable {
    func insert(_ record: DataKeyRecord) async throws(ServiceError)
    func record(id: String, tenant: TenantID) async throws(ServiceError) -> DataKeyRecord?
    /// Up to `limit` keys not wrapped under `keyID`, for re-wrapping.
    func records(notWrappedUnder keyID: String, limit: Int) async throws(ServiceError) -> [DataKeyRecord]
    func replace(_ record: DataKeyRecord, with wrapped: WrappedDataKey) async throws(ServiceError)
    /// How many data keys each key-encryption key wraps.
    func countsByKeyEncryptionKey() async throws(ServiceError) -> [String: Int]
    /// Deletes every data key of `tenant` and records the shredding; returns how many keys were destroyed.
    func shred(_ tenant: String, at time: Timestamp) async throws(ServiceError) -> Int
    /// Shredded tenants and when.
    func shreddedTenants() async throws(ServiceError) -> [String: Timestamp]
}

/// One stored data key: its id, tenant, wrapped bytes and creation time.
public struct DataKeyRecord: Sendable, Equatable {
    public let id: String
    public let tenant: String
    public let wrapped: WrappedDataKey
    public let createdAt: Timestamp

    public init(id: String, tenant: String, wrapped: WrappedDataKey, createdAt: Timestamp) {
        self.id = id
        self.tenant = tenant
        self.wrapped = wrapped
        self.createdAt = createdAt
    }
}
