import Bus
import Model
import Storage

/// Reads a query's entries from the store, newest first, a chunk at a time, decrypted when the plan needs them,
/// through the blind index of `index` where it has one, within the call's budget: at most
/// `query.max_scan_entries` decrypted (a page's `limit` when it does not scan), `query.max_scan_seconds` of
/// reading, and what the caller's shared budget grants. `position` is where reading
/// goes on from: the key before the next entry to read.
struct ScanReader {
    /// Entries read by one `next()`, and where the store goes on after them.
    struct Chunk {
        /// The entries read that the query admits.
        let entries: [LogEntry]
        /// The key of the last entry read, admitted or not.
        let lastKey: EntryKey?
        /// nil: the range holds no more.
        let next: EntryKey?
    }

    let module: QueryModule
    let query: RecentQuery
    let plan: QueryPlan
    let index: IndexRead?
    private(set) var position: EntryKey?
    private var pending: EntryKey?
    /// The read of the chunk at `pending`, started while the last chunk was decrypted.
    private var ahead: Read?
    /// Entries decrypted, and entries read (decrypted or not).
    private var examined = 0
    private var read = 0
    /// Entries the query admitted, of those read.
    private var admittedCount = 0
    /// Entries the next chunk reads at most: `QueryModule.chunkEntries` at first, then as many as about
    /// `QueryModule.chunkBytes` of the entries read so far hold (at most `QueryModule.maxChunkEntries`).
    private var chunkEntries = QueryModule.chunkEntries
    private var readBytes = 0
    private let maxExamined: Int
    private let deadline: ContinuousClock.Instant

    /// How long before the bus's deadline for its answer (`Bus.replyDeadline`) a scan stops reading: a chunk's
    /// read and the answer fit in it, so a scan that runs out of time answers what it found, never `timeout`.
    static let replyMargin = Duration.milliseconds(250)

    init(module: QueryModule, query: RecentQuery, plan: QueryPlan, index: IndexRead?, position: EntryKey?) {
        self.module = module
        self.query = query
        self.plan = plan
        self.index = index
        self.position = position
        let settings = module.settings
        maxExamined = !plan.decrypts ? .max : plan.scans ? settings.maxScanEntries : query.limit ?? settings.defaultLimit
        deadline = ScanReader.deadline(settings)
    }

    /// When a scan stops reading: after `query.max_scan_seconds`, or `replyMargin` before the bus's deadline.
    static func deadline(_ settings: QuerySettings) -> ContinuousClock.Instant {
        min(.now + .milliseconds(Int64(settings.maxScanSeconds * 1000)), (Bus.replyDeadline ?? .now + .seconds(3600)) - replyMargin)
    }

    /// The next chunk of at most `wanted` entries (fewer when the chunk's size is reached); nil when the budget is
    /// spent (the first chunk is always read). 429 `budget_exceeded` when the caller's shared budget grants nothing
    /// to a call that has read nothing yet; `cancelled` once the caller is. While a scan decrypts one chunk, the
    /// store reads the next (`finish()` drops it when the caller stops first).
    /// `needed`: how many more entries the caller wants admitted; the next chunk is not read ahead when the one just
    /// read holds as many, at the rate earlier chunks admitted (a page's last chunk, whose read ahead would be wasted).
    mutating func next(_ wanted: Int, needed: Int = .max) async throws(ServiceError) -> Chunk? {
        if let pending { position = pending }
        pending = nil
        let reading: Read
        if let ahead {
            self.ahead = nil
            reading = ahead
        } else if let started = try startRead(at: position, wanted: min(wanted, entries(toAdmit: needed))) {
            reading = started
        } else {
            return nil
        }
        let task = reading.task
        let (stored, byToken) = try await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }.get()
        query.budget?.giveBackEntries(reading.granted - stored.entries.count)
        read += stored.entries.count
        readBytes += stored.entries.reduce(0) { $0 + $1.sealed.bytes.count }
        chunkEntries = min(QueryModule.maxChunkEntries, max(QueryModule.chunkEntries, QueryModule.chunkBytes * read / max(readBytes, 1)))
        examined += plan.decrypts ? stored.entries.count : 0
        guard !Task.isCancelled else { throw ServiceError.cancelled }
        // Past the index's last candidate, the read goes on below the index, where entries may lack tokens.
        if stored.next == nil, byToken, let index, index.reachesBelow(plan.storeFilter) {
            pending = index.boundary
        } else {
            pending = stored.next
        }
        let earlier = read - stored.entries.count
        let expected = earlier > 0 ? admittedCount * stored.entries.count / earlier : 0
        // A page reads ahead only once a chunk has shown how many entries it admits, and only as many as it may need.
        if plan.scans, wanted == .max, expected < needed, needed == .max || earlier > 0, let pending {
            ahead = try startRead(at: pending, wanted: entries(toAdmit: needed == .max ? .max : needed - expected))
        }
        let entries = try await module.admitted(stored.entries, by: plan, tenant: query.principal.tenant)
        admittedCount += entries.count
        return Chunk(entries: entries, lastKey: stored.entries.last?.key, next: pending)
    }

    /// About how many entries to read for `needed` more admitted: at the rate the chunks so far admitted, half as
    /// many again (a first chunk of 100 tells the rate roughly), at least `QueryModule.chunkEntries`; `.max` before
    /// any was admitted. A page whose filter admits one entry in ten reads about 1,350 for its last 90, not 2,000.
    private func entries(toAdmit needed: Int) -> Int {
        guard needed < 1 << 32, admittedCount > 0 else { return .max }
        return max(QueryModule.chunkEntries, needed * read / admittedCount * 3 / 2)
    }

    /// Gives back to the caller's budget what a read ahead holds, and stops it.
    mutating func finish() {
        guard let ahead else { return }
        self.ahead = nil
        ahead.task.cancel()
        query.budget?.giveBackEntries(ahead.granted)
    }

    /// A read of the store under way: the entries the budget granted it, and its page (read by token or not).
    private struct Read {
        let granted: Int
        let task: Task<Result<(StoredPage, Bool), ServiceError>, Never>
    }

    /// Starts reading the chunk after `position`; nil when the budget is spent.
    private func startRead(at position: EntryKey?, wanted: Int) throws(ServiceError) -> Read? {
        guard examined < maxExamined, read == 0 || !plan.scans || ContinuousClock.now < deadline else { return nil }
        let asked = min(wanted, chunkEntries, maxExamined - examined)
        let granted = query.budget?.takeEntries(asked) ?? asked
        guard granted > 0 else {
            if read == 0 { throw ServiceError.budgetExceeded }
            return nil
        }
        let byToken = index.map { $0.readsByToken(from: position) } ?? false
        let (store, tenant) = (module.store, query.principal.tenant)
        let filter = byToken ? index?.within(plan.storeFilter) ?? plan.storeFilter : plan.storeFilter
        let tokens = byToken ? index?.tokens ?? [] : []
        return Read(granted: granted, task: Task {
            do throws(ServiceError) {
                return .success((try await store.recent(tenant: tenant, limit: granted, before: position, filter: filter, tokens: tokens), byToken))
            } catch {
                return .failure(error)
            }
        })
    }

    /// Reads the whole range, giving `take` each entry the query admits, until the range ends (nil), the budget
    /// is spent (where to go on from), or `take` answers false (its entry's key, as it was taken; nil if it was
    /// the range's last).
    mutating func scan(_ take: (LogEntry) -> Bool) async throws(ServiceError) -> EntryKey? {
        while let chunk = try await next(.max) {
            for entry in chunk.entries {
                guard !take(entry) else { continue }
                let key = EntryKey(timestamp: entry.timestamp, id: entry.id)
                return chunk.next == nil && key == chunk.lastKey ? nil : key
            }
            guard chunk.next != nil else { return nil }
        }
        return position
    }

    /// The cursor that goes on from `key` (nil: none, the answer is complete).
    func cursor(_ key: EntryKey?, answered: Int) -> String? {
        key.map { module.cursors.encode($0, now: plan.now, answered: answered, tenant: query.principal.tenant, filter: query.filter) }
    }
}
