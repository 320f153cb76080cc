import Bus
import Model

/// The operations on logs, one implementation whichever protocol a call came in by: `POST /logs` and JSON-RPC's
/// `logs.put` and `logs.putBatch` store entries, `GET /logs` and `logs.query` read a page. Each runs on the bus
/// in its lane, within the caller's share.
struct LogOperations: Sendable {
    let bus: Bus

    /// Stores `entries` for `principal` (all or nothing), in `place` when the request reserved one before its body
    /// was read. The answer is the stored entry's id and timestamp, or for a batch every entry's.
    func put(_ entries: [SubmittedEntry], asBatch: Bool, idempotencyKey: String? = nil, by principal: Principal,
             in place: LanePlace<IngestRequest, IngestReceipt>? = nil) async throws(ServiceError) -> (answer: any JSONWritable, replayed: Bool) {
        let request = IngestRequest(principal: principal, entries: entries, idempotencyKey: idempotencyKey)
        let receipt = if let place {
            try await place.request(request)
        } else {
            try await bus.request(Topics.ingestPut, request, for: principal.claimant)
        }
        let stored = receipt.stored.map(StoredEntryResponse.init)
        if asBatch { return (StoredBatchResponse(count: stored.count, entries: stored), receipt.replayed) }
        guard let single = stored.first else { throw ServiceError.internalError("nothing was stored") }
        return (single, receipt.replayed)
    }

    /// One page of `principal`'s tenant's entries, newest first, spending from `budget` as it examines entries
    /// and fills the page.
    func query(_ query: LogQuery, by principal: Principal, budget: BatchBudget) async throws(ServiceError) -> LogPageResponse {
        let page = try await bus.request(Topics.queryRecent, try query.recentQuery(for: principal, budget: budget), for: principal.claimant)
        return LogPageResponse(page: page)
    }
}
