public import Bus
import Foundation
public import Logging
import Model
import QueryLanguage
public import Storage

/// The Query module: the tenant's most recent entries, newest first, decrypted through Crypto
/// (`query.recent`), filtered by the old parameters and the query language (`QueryPlan`), shaped by its pipes
/// (a `stats` table, sorted entries, a limit, fewer fields), reading through a blind index where the filter has an
/// equality on an indexed field (`IndexRead`). Every query is bounded: it examines (reads and
/// decrypts) at most a page's `limit`, or when it scans (`q`, a filter on content, `sort`, `stats`) at most
/// `max_scan_entries` decrypted and `max_scan_seconds` of reading (`ScanReader`); its page ends before its
/// entries pass `max_page_bytes`, and a table before it holds `max_stats_bytes`; scans hold one of
/// `max_concurrent_scans` slots, shared fairly among tenants; and it stops as soon as its caller is cancelled.
public struct QueryModule: Sendable {
    public static let name = "query"

    let bus: Bus
    let store: any LogStore
    let settings: QuerySettings
    let cursors: PageCursor
    let scans: SharedCapacity
    let logger: Logger

    /// Entries read from the store at a time at first, so that a page of large entries is never held whole in sealed
    /// form; a scan then reads chunks of about `chunkBytes` sealed, at most `maxChunkEntries` entries.
    static let chunkEntries = 100
    static let chunkBytes = 1 << 20
    static let maxChunkEntries = 2000

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
        let resumed = try query.cursor.map { (cursor) throws(ServiceError) in try cursors.decode(cursor, tenant: tenant, filter: query.filter) }
        let plan = try QueryPlan(query.filter, limit: limit, now: resumed?.now ?? .now())
        var scan: SharedCapacity.Lease?
        if plan.scans { scan = try scans.lease(for: query.principal.claimant) }
        defer { withExtendedLifetime(scan) {} }
        let index = try await indexRead(plan, tenant: tenant)
        var reader = ScanReader(module: self, query: query, plan: plan, index: index, position: resumed?.key)
        defer { reader.finish() }
        switch plan.answer {
        case .entries(let total):
            let answered = resumed?.answered ?? 0
            let remaining = min(limit, (total ?? .max) - answered)
            guard remaining > 0 else { return LogPage(logs: [], nextCursor: nil) }
            return try await page(&reader, limit: remaining, answered: answered, total: total)
        case .sorted(let order, let count):
            var sorted = SortedEntries(order: order, count: count, maxBytes: settings.maxPageBytes)
            let position = try await reader.scan { entry in sorted.add(entry) }
            let logs = sorted.entries.map { plan.fields.map($0.projected(onto:)) ?? $0 }
            query.budget?.charge(bytes: logs.reduce(0) { $0 + PageBuilder.size(of: $1) })
            return LogPage(logs: logs, nextCursor: reader.cursor(position, answered: 0))
        case .stats(var stats, let order, let count, let fields):
            let position = plan.countsInStore
                ? try await countInStore(&stats, plan: plan, tenant: tenant, from: resumed?.key)
                : try await reader.scan { entry in
                    stats.add(entry)
                    return stats.heldBytes <= settings.maxStatsBytes
                }
            query.budget?.charge(bytes: stats.heldBytes)
            return LogPage(table: stats.table(order: order, limit: count, fields: fields), nextCursor: reader.cursor(position, answered: 0))
        }
    }

    /// A page of entries newest first: at most `limit`, continuing from `answered` entries of earlier pages; no
    /// cursor once the pages answered `total` (`| limit`).
    private func page(_ reader: inout ScanReader, limit: Int, answered: Int, total: Int?) async throws(ServiceError) -> LogPage {
        let plan = reader.plan
        var page = PageBuilder(maxBytes: settings.maxPageBytes, budget: reader.query.budget)
        defer { page.returnUnused() }
        func answer(_ next: EntryKey?) -> LogPage {
            let logs = plan.fields.map { fields in page.logs.map { $0.projected(onto: fields) } } ?? page.logs
            let done = answered + page.logs.count == total
            return LogPage(logs: logs, nextCursor: done ? nil : reader.cursor(next, answered: answered + page.logs.count))
        }
        while let chunk = try await reader.next(plan.scans ? .max : limit - page.logs.count, needed: limit - page.logs.count) {
            for entry in chunk.entries {
                let key = EntryKey(timestamp: entry.timestamp, id: entry.id)
                guard page.add(entry) else { return answer(page.lastKey ?? reader.position) }
                if page.logs.count == limit, plan.scans || key != chunk.lastKey { return answer(key) }
            }
            guard chunk.next != nil else { return answer(nil) }
            if page.logs.count == limit { return answer(chunk.next) }
        }
        return answer(reader.position)
    }

    /// The read through the tenant's blind index of the plan's first equality on an indexed field, if it has one.
    private func indexRead(_ plan: QueryPlan, tenant: TenantID) async throws(ServiceError) -> IndexRead? {
        guard !plan.lookups.isEmpty else { return nil }
        let watermarks = try await store.indexWatermarks(tenant: tenant)
        for lookup in plan.lookups {
            guard let watermark = watermarks.first(where: { $0.field == lookup.field.description }) else { continue }
            let tokens = try await bus.request(Topics.cryptoIndexTokens, IndexTokenRequest(tenant: tenant, terms: lookup.terms))
            return IndexRead(tokens: tokens, since: watermark.since)
        }
        return nil
    }

    /// The entries of `stored` the plan admits, in order, decrypted through Crypto when it needs them (an entry that
    /// cannot be opened says why). A chunk is decrypted and checked in slices, one per core at once.
    func admitted(_ stored: [StoredEntry], by plan: QueryPlan, tenant: TenantID) async throws(ServiceError) -> [LogEntry] {
        guard plan.decrypts else {
            return stored.map { LogEntry(id: $0.key.id, timestamp: $0.key.timestamp, severity: $0.severity, payload: nil) }.filter(plan.admits)
        }
        let slices = QueryModule.slices(of: stored.count)
        guard slices.count > 1 else { return try await open(stored[...], tenant: tenant, needles: plan.needles).filter(plan.admits) }
        let opened = await inParallel(slices, width: slices.count) { slice throws(ServiceError) in
            try await self.open(stored[slice], tenant: tenant, needles: plan.needles).filter(plan.admits)
        }
        var entries: [LogEntry] = []
        for slice in opened { entries += try slice.get() }
        return entries
    }

    /// `count` entries cut into one slice per core, each of at least `minimumSlice`.
    static func slices(of count: Int) -> [Range<Int>] {
        let number = max(1, min(cores, count / minimumSlice))
        return (0..<number).map { index in count * index / number..<count * (index + 1) / number }
    }

    private static let cores = ProcessInfo.processInfo.activeProcessorCount
    private static let minimumSlice = 50

    /// Decrypts stored entries through Crypto, leaving out those whose message lacks one of `needles`; an entry that
    /// cannot be opened says why.
    private func open(_ entries: ArraySlice<StoredEntry>, tenant: TenantID, needles: MessageNeedles) async throws(ServiceError) -> [LogEntry] {
        guard !entries.isEmpty else { return [] }
        let opened = try await bus.request(Topics.cryptoOpen, OpenRequest(
            tenant: tenant, items: entries.map { .init(binding: $0.binding, sealed: $0.sealed) }))
        guard opened.count == entries.count else { throw ServiceError.internalError("crypto returned a short batch") }
        return zip(entries, opened).compactMap { entry, outcome in
            switch outcome {
            case .plaintext(let bytes) where !needles.mayAdmit(bytes):
                nil
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
