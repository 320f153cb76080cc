public import Model

/// Where entries live. Partition = tenant, sort = (timestamp, id); every store behaves the same.
public protocol LogStore: Sendable {
    /// Stores all entries or none; returns only once they are durable.
    func append(_ entries: [StoredEntry]) async throws(ServiceError)

    /// The tenant's entries strictly older than `before` (or the newest, when nil), newest first, that
    /// pass the filter's severity and time range (its text needs decryption: the Query module applies it).
    func recent(tenant: TenantID, limit: Int, before: EntryKey?, filter: EntryFilter) async throws(ServiceError) -> StoredPage

    /// Finishes pending writes and releases the store.
    func close() async
}
