public import Model

/// The order of `| sort by KEY [asc|desc], ...` over entries: key by key (severities by rank, times to the
/// nanosecond, other fields in `AnyValue.queryOrder`), then newest first (time, then id), so the order is total.
public struct EntryOrder: Sendable {
    public let keys: [SortKey]

    public init(_ keys: [SortKey]) { self.keys = keys }

    public func precedes(_ a: LogEntry, _ b: LogEntry) -> Bool {
        for key in keys {
            let order = AnyValue.queryOrder(EntryOrder.sortValue(key.field, a), EntryOrder.sortValue(key.field, b),
                                            descending: key.descending)
            if order != 0 { return order < 0 }
        }
        return (a.timeUnixNano, a.id) > (b.timeUnixNano, b.id)
    }

    static func sortValue(_ field: QueryField, _ entry: LogEntry) -> AnyValue? {
        field == .severity ? .int(Int64(entry.severity.rawValue)) : FieldTest.value(of: field, in: entry)
    }
}
