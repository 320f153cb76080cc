import Model

/// The parameters of a query of recent entries, read alike from `GET /logs`'s query string and from the
/// params of JSON-RPC's `logs.query`: `limit` (1...`query.max_limit`), `severity` (a minimum level), `since`
/// and `until` (RFC 3339), `cursor` (from a previous page) and `q` (a case-insensitive substring of the
/// message, at most 256 bytes) and `query` (the query language, docs/query-language.md: at most 4096 bytes). Each is
/// optional and they apply together; errors are 400 `invalid_request` naming the parameter.
struct LogQuery: Decodable, Sendable {
    var limit: Int?
    var severity: String?
    var since: String?
    var until: String?
    var cursor: String?
    var q: String?
    var query: String?

    static let none = LogQuery()

    init(limit: Int? = nil, severity: String? = nil, since: String? = nil, until: String? = nil, cursor: String? = nil, q: String? = nil,
         query: String? = nil) {
        (self.limit, self.severity, self.since, self.until, self.cursor, self.q, self.query) = (limit, severity, since, until, cursor, q, query)
    }

    /// The parameters of a form-encoded query string (`QueryString`: each given at most once).
    init(queryString: String?) throws(ServiceError) {
        let parameters = try QueryString(queryString, reading: ["limit", "severity", "since", "until", "cursor", "q", "query"])
        if let text = parameters["limit"] {
            guard let value = Int(text) else { throw ServiceError.invalid("limit must be an integer") }
            limit = value
        }
        (severity, since, until, cursor, q, query) = (parameters["severity"], parameters["since"], parameters["until"],
                                                      parameters["cursor"], parameters["q"], parameters["query"])
    }

    /// The query the Query module runs for `principal`, spending from `budget`.
    func recentQuery(for principal: Principal, budget: BatchBudget) throws(ServiceError) -> RecentQuery {
        guard (q?.utf8.count ?? 0) <= 256 else { throw ServiceError.invalid("q is longer than 256 bytes") }
        let filter = EntryFilter(minimumSeverity: try LogQuery.minimumSeverity(severity), since: try LogQuery.time(since, "since"),
                                 until: try LogQuery.time(until, "until"), text: q, query: query)
        return RecentQuery(principal: principal, limit: limit, cursor: cursor, filter: filter, budget: budget)
    }

    /// The `severity` parameter: a minimum level, by name or alias.
    static func minimumSeverity(_ severity: String?) throws(ServiceError) -> Severity? {
        guard let severity else { return nil }
        guard let level = Severity(name: severity) else {
            throw ServiceError.invalid("severity must be one of debug, info, warning, error, critical")
        }
        return level
    }

    private static func time(_ text: String?, _ name: String) throws(ServiceError) -> Timestamp? {
        guard let text else { return nil }
        guard let time = Timestamp(rfc3339: text) else {
            throw ServiceError.invalid("\(name) must be an RFC 3339 time such as 2026-11-29T04:18:29Z (in a query string, write a + offset as %2B)")
        }
        return time
    }
}
