public import Bus
public import Logging
import Model
public import Storage

/// The Query module: the tenant's most recent entries, newest first, decrypted through Crypto
/// (`query.recent`), filtered by the old parameters and the query language (`QueryPlan`). Every query is bounded:
/// it examines (reads and decrypts) at most a page's `limit`, or when entries must be decrypted to be judged (`q`,
/// or a filter on their content) at most `max_scan_entries`; its page ends before its entries pass
/// `max_page_bytes`; such scans hold one of `max_concurrent_scans` slots, shared fairly among tenants; and it
/// stops as soon as its caller is cancelled.
public struct QueryModule: Sendable {
    public static let name = "query"

    let bus: Bus
    let store: any LogStore
    let settings: QuerySettings
    let cursors: PageCursor
    let scans: SharedCapacity
    let logger: Logger

    /// Entries read from the store at a time, so that a page of large entries is never held whole in sealed form.
    static let chunkEntries = 100

    /// `cursorKey` authenticates page cursors; every process serving one store must share it.
    public init(bus: Bus, store: any LogStore, settings: QuerySettings, cursorKey: [UInt8], logger: Logger) {
        self.bus = bus
        self.store = store
        self.settings = settings
        self.cursors = PageCursor(key: cursorKey)
        self.scans = SharedCapacity(resource: "scans", capacity: settings.maxConcurrentScans, what: "text searches",
                                    setting: "query.max_concurrent_scans", retryAfter: 1)
        self.logger = logger
    }

    public func register(on bus: Bus) throws(BusError) {
        try bus.serve(Topics.queryRecent, by: QueryModule.name) { query in try await self.recent(query) }
    }

    func recent(_ query: RecentQuery) async throws(ServiceError) -> LogPage {
        try query.principal.authorize(.read)
        let limit = query.limit ?? settings.defaultLimit
        guard (1...settings.maxLimit).contains(limit) else {
            throw ServiceError.invalid("limit must be between 1 and \(settings.maxLimit)")
        }
        let tenant = query.principal.tenant
        let filter = query.filter
        let resumed = try query.cursor.map { (cursor) throws(ServiceError) in try cursors.decode(cursor, tenant: tenant, filter: filter) }
        var before = resumed?.position
        let plan = try QueryPlan(filter, now: resumed?.now ?? .now())
        var scan: SharedCapacity.Lease?
        if plan.scans { scan = try scans.lease(for: query.principal.claimant) }
        defer { withExtendedLifetime(scan) {} }
        let maxExamined = plan.scans ? settings.maxScanEntries : limit
        var page = PageBuilder(maxBytes: settings.maxPageBytes, budget: query.budget)
        defer { page.returnUnused() }
        var examined = 0
        func cursor(_ key: EntryKey?) -> String? { key.map { cursors.encode($0, now: plan.now, tenant: tenant, filter: filter) } }
        while examined < maxExamined {
            let wanted = min(plan.scans ? QueryModule.chunkEntries : limit - page.logs.count, QueryModule.chunkEntries, maxExamined - examined)
            let granted = query.budget?.takeEntries(wanted) ?? wanted
            guard granted > 0 else {
                if examined == 0 { throw ServiceError.budgetExceeded }
                break
            }
            let chunk = try await store.recent(tenant: tenant, limit: granted, before: before, filter: plan.storeFilter)
            query.budget?.giveBackEntries(granted - chunk.entries.count)
            examined += chunk.entries.count
            guard !Task.isCancelled else { throw ServiceError.cancelled }
            for entry in try await open(chunk.entries, tenant: tenant) {
                guard plan.admits(entry) else { continue }
                let key = EntryKey(timestamp: entry.timestamp, id: entry.id)
                guard page.add(entry) else { return LogPage(logs: page.logs, nextCursor: cursor(page.lastKey ?? before)) }
                if page.logs.count == limit, plan.scans || key != chunk.entries.last?.key {
                    return LogPage(logs: page.logs, nextCursor: cursor(key))
                }
            }
            guard let next = chunk.next else { return LogPage(logs: page.logs, nextCursor: nil) }
            if page.logs.count == limit { return LogPage(logs: page.logs, nextCursor: cursor(next)) }
            before = next
        }
        return LogPage(logs: page.logs, nextCursor: cursor(before))
    }

    /// Decrypts stored entries through Crypto; an entry that cannot be opened says why.
    private func open(_ entries: [StoredEntry], tenant: TenantID) async throws(ServiceError) -> [LogEntry] {
        guard !entries.isEmpty else { return [] }
        let opened = try await bus.request(Topics.cryptoOpen, OpenRequest(
            tenant: tenant, items: entries.map { .init(binding: $0.binding, sealed: $0.sealed) }))
        guard opened.count == entries.count else { throw ServiceError.internalError("crypto returned a short batch") }
        return zip(entries, opened).map { entry, outcome in
            switch outcome {
            case .plaintext(let bytes):
                if let payload = EntryPayload(bytes: bytes) {
                    LogEntry(id: entry.key.id, timestamp: entry.key.timestamp, severity: entry.severity, payload: payload)
                } else {
                    LogEntry(id: entry.key.id, timestamp: entry.key.timestamp, severity: entry.severity, payload: nil,
                             failure: ServiceError(.decryptionFailed, "the entry decrypted to a payload this version cannot read"))
                }
            case .failed(let error):
                LogEntry(id: entry.key.id, timestamp: entry.key.timestamp, severity: entry.severity,
                         payload: nil, failure: error)
            }
        }
    }
}
