import Model
import QueryLanguage
import Storage

/// How the module runs a request's filters: the old parameters and the query language's filter together. The
/// store skips, by the entry keys alone, what the bounds exclude; every decrypted entry is then checked against the
/// whole filter (`QueryFilter.matches`), unless the bounds decide it alone.
struct QueryPlan {
    /// The filter of the query language, when the request has one.
    let query: LogsQuery?
    /// What the store is asked for.
    let storeFilter: EntryFilter
    /// The substring of the old `q` parameter, lower case.
    let text: String?
    /// The query's time, which relative ranges count back from; kept in the page cursor, so every page of a query
    /// sees the same range.
    let now: Timestamp

    /// The plan of `filter` at `now`; 400 `invalid_request` naming the column for a query that is not one.
    init(_ filter: EntryFilter, now: Timestamp) throws(ServiceError) {
        self.now = now
        text = filter.text.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        guard let source = filter.query, !source.allSatisfy(\.isWhitespace) else {
            (query, storeFilter) = (nil, filter)
            return
        }
        let parsed = try QueryParser.parseRequest(source)
        if let pipe = parsed.pipes.first {
            throw ServiceError.invalid("query: '\(pipe)': pipes (fields, sort, limit, stats) are not run yet; filters are")
        }
        query = parsed
        storeFilter = StoreBounds(parsed.filter, now: now).narrowing(filter)
    }

    /// Whether entries the store returns may still fail the filter once decrypted: the module then scans, bounded
    /// by `query.max_scan_entries`, instead of reading a page.
    var scans: Bool { text != nil || !StoreBounds.decide(query?.filter) }

    /// Whether a decrypted entry is one the request wants.
    func admits(_ entry: LogEntry) -> Bool {
        if let text, entry.message?.lowercased().contains(text) != true { return false }
        return query?.filter?.matches(entry, now: now) ?? true
    }
}
