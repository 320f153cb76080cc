public import Model

/// Where entries live. Partition = tenant, sort = (timestamp, id); every store behaves the same.
public protocol LogStore: Sendable {
    /// Stores the batch's entries all or none and returns once they are durable. Entries whose
    /// client id is already stored are not written again; an idempotency claim already made with
    /// the same fingerprint replays the first outcome. A reused id or key with another fingerprint
    /// is `conflict`, and nothing is written.
    func append(_ batch: AppendBatch) async throws(ServiceError) -> AppendOutcome

    /// The tenant's entries strictly older than `before` (or the newest, when nil), newest first, that
    /// pass the filter's severity and time range (its text needs decryption: the Query module applies it) and, unless
    /// `tokens` is empty, were written with one of them.
    func recent(tenant: TenantID, limit: Int, before: EntryKey?, filter: EntryFilter, tokens: [IndexToken])
        async throws(ServiceError) -> StoredPage

    /// How many of the tenant's entries strictly older than `before` (all, when nil) that pass the filter's severity
    /// and time range there are of each severity; severities with none are left out. Reads keys only, never a
    /// sealed message: what `stats` counts when the keys decide its query (docs/query-language.md#limits-and-errors).
    func severityCounts(tenant: TenantID, before: EntryKey?, filter: EntryFilter) async throws(ServiceError) -> [Severity: Int]

    /// The tenant's blind indexes: per field, from when on every entry carries its token.
    func indexWatermarks(tenant: TenantID) async throws(ServiceError) -> [IndexWatermark]

    /// Records `watermark` unless its tenant and field have one already (the earlier one stays).
    func recordIndexWatermark(_ watermark: IndexWatermark) async throws(ServiceError)

    /// Removes the watermarks for which `keep` is false, of every tenant: indexes no longer kept, whose tokens
    /// new entries lack.
    func removeIndexWatermarks(keeping keep: @Sendable (IndexWatermark) -> Bool) async throws(ServiceError)

    /// Finishes pending writes and releases the store.
    func close() async
}

extension LogStore {
    /// The tenant's entries, whatever tokens they carry.
    public func recent(tenant: TenantID, limit: Int, before: EntryKey?, filter: EntryFilter) async throws(ServiceError) -> StoredPage {
        try await recent(tenant: tenant, limit: limit, before: before, filter: filter, tokens: [])
    }

    /// Stores entries without ids of the client's choosing or an idempotency key.
    public func append(_ entries: [StoredEntry]) async throws(ServiceError) {
        _ = try await append(AppendBatch(entries: entries))
    }
}
