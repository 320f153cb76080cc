import AWS
import Model
import Synchronization

/// Which multi-item batches have committed. A commit is final, so answers are cached (up to a bound).
final class CommittedBatches: Sendable {
    private let known = Mutex(Set<String>())
    private let client: DynamoDBClient
    private let capacity: Int

    init(client: DynamoDBClient, capacity: Int = 100_000) {
        self.client = client
        self.capacity = capacity
    }

    /// The batches among `batches` of `tenant` whose commit item exists.
    func committed(_ batches: Set<String>, tenant: TenantID) async throws(DynamoDBError) -> Set<String> {
        let unknown = known.withLock { batches.subtracting($0) }
        guard !unknown.isEmpty else { return batches }
        let found = try await client.batchGet(unknown.map { LogTable.commitKey(tenant, batch: $0) }, projection: ["pk"])
        let prefix = "\(tenant.rawValue)#batch#"
        let fresh = Set(found.compactMap { $0["pk"]?.stringValue.map { String($0.dropFirst(prefix.count)) } })
        remember(fresh)
        return batches.subtracting(unknown).union(fresh)
    }

    /// Whether `batch` has committed.
    func isCommitted(_ batch: String, tenant: TenantID) async throws(DynamoDBError) -> Bool {
        try await committed([batch], tenant: tenant).contains(batch)
    }

    func remember(_ batches: Set<String>) {
        known.withLock { set in
            if set.count + batches.count > capacity { set.removeAll(keepingCapacity: true) }
            set.formUnion(batches)
        }
    }
}
