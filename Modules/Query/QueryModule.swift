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
    let logger: Logger

    public init(bus: Bus, store: any LogStore, settings: QuerySettings, logger: Logger) {
        self.bus = bus
        self.store = store
        self.settings = settings
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
        let before = try query.cursor.map { (cursor) throws(ServiceError) in try PageCursor.decode(cursor) }
        let tenant = query.principal.tenant
        let page = try await store.recent(tenant: tenant, limit: limit, before: before)
        let opened = page.entries.isEmpty ? [] : try await bus.request(Topics.cryptoOpen, OpenRequest(
            tenant: tenant, items: page.entries.map { .init(binding: $0.binding, sealed: $0.sealed) }))
        guard opened.count == page.entries.count else { throw ServiceError.internalError("crypto returned a short batch") }
        let logs = zip(page.entries, opened).map { entry, outcome in
            switch outcome {
            case .plaintext(let bytes):
                LogEntry(id: entry.key.id, timestamp: entry.key.timestamp, severity: entry.severity,
                         message: String(decoding: bytes, as: UTF8.self))
            case .failed(let error):
                LogEntry(id: entry.key.id, timestamp: entry.key.timestamp, severity: entry.severity,
                         message: nil, failure: error)
            }
        }
        return LogPage(logs: logs, nextCursor: page.next.map(PageCursor.encode))
    }
}
