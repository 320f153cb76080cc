/// The answer of a query with `stats` (docs/query-language.md#pipes): named columns, the groups first (a time
/// bucket's start as RFC 3339), then the aggregates; one row per group. A cell is nil where a group has no value
/// of its field or an aggregate had no numbers to work on.
public struct QueryTable: Sendable, Equatable {
    public let columns: [String]
    public let rows: [[AnyValue?]]

    public init(columns: [String], rows: [[AnyValue?]]) {
        self.columns = columns
        self.rows = rows
    }
}
