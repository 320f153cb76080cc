import Model
import QueryLanguage
import Storage

/// How the module runs a request: the old parameters and the query language's filter together, then its pipes.
/// The store skips, by the entry keys alone, what the bounds exclude, and by a blind index (`lookups`) the entries
/// without an equality's value; every entry read is then checked against the whole filter (`QueryFilter.matches`),
/// decrypted unless the bounds decide the filter and the answer needs only what the keys hold (a `stats` on
/// severity, time and id).
struct QueryPlan: Sendable {
    /// What the answer is made of.
    enum Answer {
        /// Entries newest first, in pages; `total` (`| limit N`) ends the answer after N entries, across pages.
        case entries(total: Int?)
        /// The first `count` entries of the whole range in `order` (`| sort`), in one answer.
        case sorted(EntryOrder, count: Int)
        /// A table (`| stats`), in one answer.
        case stats(StatsAggregation, order: [SortKey], limit: Int?, fields: [QueryField]?)
    }

    /// The filter of the query language, when the request has one.
    let query: LogsQuery?
    let answer: Answer
    /// The fields an answer of entries keeps (`| fields`); nil: all.
    let fields: [QueryField]?
    /// What the store is asked for.
    let storeFilter: EntryFilter
    /// The filter's equalities that a blind index may answer, in the filter's order (`BlindIndex.lookups`).
    let lookups: [IndexLookup]
    /// The substring of the old `q` parameter, lower case.
    let text: String?
    /// What the message of every entry the plan admits holds, checked before an entry is decoded.
    let needles: MessageNeedles
    /// The query's time, which relative ranges count back from; kept in the page cursor, so every page of a query
    /// sees the same range.
    let now: Timestamp

    /// The plan of `filter` at `now`, answering pages of `limit` entries; 400 `invalid_request` naming the column
    /// for a query that is not one.
    init(_ filter: EntryFilter, limit: Int, now: Timestamp) throws(ServiceError) {
        self.now = now
        text = filter.text.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        guard let source = filter.query, !source.allSatisfy(\.isWhitespace) else {
            (query, storeFilter, answer, fields, lookups) = (nil, filter, .entries(total: nil), nil, [])
            needles = MessageNeedles(filter: nil, substring: text)
            return
        }
        let parsed = try QueryParser.parseRequest(source)
        query = parsed
        needles = MessageNeedles(filter: parsed.filter, substring: text)
        storeFilter = StoreBounds(parsed.filter, now: now).narrowing(filter)
        lookups = BlindIndex.lookups(in: parsed.filter)
        var (order, count, projection): ([SortKey]?, Int?, [QueryField]?) = (nil, nil, nil)
        var stats: StatsAggregation?
        for pipe in parsed.pipes {
            switch pipe {
            case .stats(let aggregates, let groups): stats = StatsAggregation(aggregates: aggregates, groups: groups)
            case .sort(let keys): order = keys
            case .limit(let limit): count = limit
            case .fields(let names): projection = names
            }
        }
        if let stats {
            (answer, fields) = (.stats(stats, order: order ?? [], limit: count, fields: projection), nil)
        } else if let order {
            (answer, fields) = (.sorted(EntryOrder(order), count: count ?? limit), projection)
        } else {
            (answer, fields) = (.entries(total: count), projection)
        }
    }

    /// Whether the answer covers the whole range in one call (sorted entries, or a table), reading until the range
    /// or the scan's budget ends.
    var aggregates: Bool {
        if case .entries = answer { false } else { true }
    }

    /// Whether entries the store returns may still fail the filter once decrypted, or the answer covers the whole
    /// range: the module then scans, bounded by `query.max_scan_entries` and `query.max_scan_seconds`, instead of
    /// reading a page.
    var scans: Bool { aggregates || text != nil || !StoreBounds.decide(query?.filter) }

    /// Whether entries must be decrypted: for every answer but a table on what the keys hold, under a filter on what
    /// they hold.
    var decrypts: Bool {
        guard case .stats(let stats, _, _, _) = answer, text == nil, StoreBounds.readsKeysOnly(query?.filter) else { return true }
        let fields = stats.aggregates.compactMap(\.field) + stats.groups.compactMap { group -> QueryField? in
            if case .field(let field) = group { field } else { nil }
        }
        return !fields.allSatisfy { [.severity, .time, .id].contains($0) }
    }

    /// Whether the store counts the table (`LogStore.severityCounts`) instead of the module reading its entries: the
    /// plan does not decrypt, and a count of entries by severity within the bounds and one bucket answers the filter,
    /// every group and every aggregate exactly. That holds for filters whose every `and` part the bounds decide or
    /// tests the severity alone (`StoreBounds.decideBySeverity`), groups on the severity and UTC buckets (`bin`
    /// without a zone), and aggregates of the severity or counts of what every entry has (`count()`, `count(time)`).
    var countsInStore: Bool {
        guard !decrypts, StoreBounds.decideBySeverity(query?.filter), case .stats(let stats, _, _, _) = answer else { return false }
        let groups = stats.groups.allSatisfy { group in
            switch group {
            case .field(let field): field == .severity
            case .bin(_, let zone): zone == nil
            }
        }
        return groups && stats.aggregates.allSatisfy { $0.field == nil || $0.field == .severity || $0.function == .count }
    }

    /// Whether an entry the request reads is one it wants.
    func admits(_ entry: LogEntry) -> Bool {
        if let text {
            var message = entry.message.map(MessageText.init)
            guard message?.contains(text, word: false) == true else { return false }
        }
        return query?.filter?.matches(entry, now: now) ?? true
    }
}
