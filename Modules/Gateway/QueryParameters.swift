import Model

/// The filters of a query from their text form, shared by REST query strings and JSON-RPC params.
enum QueryParameters {
    static func filter(severity: String?, since: String?, until: String?, text: String?) throws(ServiceError) -> EntryFilter {
        guard (text?.utf8.count ?? 0) <= 256 else { throw ServiceError.invalid("q is longer than 256 bytes") }
        return EntryFilter(minimumSeverity: try minimumSeverity(severity), since: try time(since, "since"),
                           until: try time(until, "until"), text: text)
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
