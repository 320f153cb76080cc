/// A request for the newest entries of the principal's tenant that pass `filter`.
public struct RecentQuery: Sendable {
    public let principal: Principal
    public let limit: Int?
    public let cursor: String?
    public let filter: EntryFilter
    /// What this query draws on besides its own bounds, when its caller shares a budget among several queries.
    public let budget: BatchBudget?

    public init(principal: Principal, limit: Int? = nil, cursor: String? = nil, filter: EntryFilter = EntryFilter(),
                budget: BatchBudget? = nil) {
        self.principal = principal
        self.limit = limit
        self.cursor = cursor
        self.filter = filter
        self.budget = budget
    }
}

/// Which entries a query wants: at least a severity, within a time range (since inclusive, until
/// exclusive), containing a text (case-insensitive, matched on the decrypted message), and passing a filter of the
/// query language (docs/query-language.md), all at once.
public struct EntryFilter: Sendable, Hashable {
    public let minimumSeverity: Severity?
    public let since: Timestamp?
    public let until: Timestamp?
    public let text: String?
    /// A query of the query language, as written (the Query module parses it).
    public let query: String?

    public init(minimumSeverity: Severity? = nil, since: Timestamp? = nil, until: Timestamp? = nil, text: String? = nil,
                query: String? = nil) {
        self.minimumSeverity = minimumSeverity
        self.since = since
        self.until = until
        self.text = text
        self.query = query
    }
}

/// One page of entries, newest first unless the query sorts them, and the cursor of the next page (nil at the end);
/// or, for a query with `stats`, its table (`logs` then empty), with a cursor when the scan stopped at its budget.
public struct LogPage: Sendable {
    public let logs: [LogEntry]
    public let table: QueryTable?
    public let nextCursor: String?

    public init(logs: [LogEntry], nextCursor: String?) {
        self.logs = logs
        self.table = nil
        self.nextCursor = nextCursor
    }

    public init(table: QueryTable, nextCursor: String?) {
        self.logs = []
        self.table = table
        self.nextCursor = nextCursor
    }
}

/// A stored entry as a reader sees it. `payload` is nil when it cannot be decrypted, and `failure` then says why.
public struct LogEntry: Sendable, Equatable {
    public let id: String
    /// The stored timestamp; `payload.nanoseconds` adds the nanoseconds past its microsecond.
    public let timestamp: Timestamp
    public let severity: Severity
    public let payload: EntryPayload?
    public let failure: ServiceError?

    public init(id: String, timestamp: Timestamp, severity: Severity, payload: EntryPayload?, failure: ServiceError? = nil) {
        self.id = id
        self.timestamp = timestamp
        self.severity = severity
        self.payload = payload
        self.failure = failure
    }

    public var message: String? { payload?.message }
    public var attributes: Attributes { payload?.attributes ?? [:] }

    /// The time in nanoseconds since the epoch, as precise as it was stored.
    public var timeUnixNano: Int64 {
        timestamp.microseconds &* 1000 &+ Int64(payload?.nanoseconds ?? 0)
    }
}
