public import Bus
public import Logging
import Model
public import Storage

/// The Query module: the tenant's most recent entries, newest first, decrypted through Crypto
/// (`query.recent`).
public struct QueryModule: Sendable {
    public static let name = "query"

    let bus: Bus
    let store: any LogStore
    let settings: QuerySettings
    let cursors: PageCursor
    let logger: Logger

    /// `cursorKey` authenticates page cursors; every process serving one store must share it.
    public init(bus: Bus, store: any LogStore, settings: QuerySettings, cursorKey: [UInt8], logger: Logger) {
        self.bus = bus
        self.store = store
        self.settings = settings
        self.cursors = PageCursor(key: cursorKey)
        self.logger = logger
    }

    public func register(on bus: Bus) throws(BusError) {
        try bus.serve(Topics.queryRecent, by: QueryModule.name) { query in try await self.recent(query) }
    }

    func recent(_ query: RecentQuery) async throws(ServiceError) -> LogPage {
        guard query.principal.canRead else { throw ServiceError(.forbidden, "this caller may not read logs") }
        let limit = query.limit ?? settings.defaultLimit
        guard (1...settings.maxLimit).contains(limit) else {
            throw ServiceError.invalid("limit must be between 1 and \(settings.maxLimit)")
        }
        let tenant = query.principal.tenant
        let filter = query.filter
        var before = try query.cursor.map { (cursor) throws(ServiceError) in try cursors.decode(cursor, tenant: tenant, filter: filter) }
        guard let text = filter.text?.lowercased(), !text.isEmpty else {
            let page = try await store.recent(tenant: tenant, limit: limit, before: before, filter: filter)
            return LogPage(logs: try await open(page.entries, tenant: tenant),
                           nextCursor: page.next.map { cursors.encode($0, tenant: tenant, filter: filter) })
        }
        // A text search decrypts and scans, a page at a time, until the page is full or the scan bound is hit.
        var matches: [LogEntry] = []
        var scanned = 0
        while matches.count < limit {
            let batch = min(max(limit, 100), settings.maxScanEntries - scanned)
            guard batch > 0 else { break }
            let page = try await store.recent(tenant: tenant, limit: batch, before: before, filter: filter)
            scanned += page.entries.count
            for entry in try await open(page.entries, tenant: tenant) {
                if entry.message?.lowercased().contains(text) == true { matches.append(entry) }
                if matches.count == limit {
                    let key = EntryKey(timestamp: entry.timestamp, id: entry.id)
                    return LogPage(logs: matches, nextCursor: cursors.encode(key, tenant: tenant, filter: filter))
                }
            }
            guard let next = page.next else { return LogPage(logs: matches, nextCursor: nil) }
            before = next
        }
        return LogPage(logs: matches, nextCursor: before.map { cursors.encode($0, tenant: tenant, filter: filter) })
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
                    LogEntry(id: entry.key.id, timestamp: entry.key.timestamp, severity: entry.severity,
                             message: payload.message, attributes: payload.attributes)
                } else {
                    LogEntry(id: entry.key.id, timestamp: entry.key.timestamp, severity: entry.severity, message: nil,
                             failure: ServiceError(.decryptionFailed, "the entry decrypted to a payload this version cannot read"))
                }
            case .failed(let error):
                LogEntry(id: entry.key.id, timestamp: entry.key.timestamp, severity: entry.severity,
                         message: nil, failure: error)
            }
        }
    }
}
