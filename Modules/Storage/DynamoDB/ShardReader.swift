import AWS
import Model

/// The sort keys a read covers, both ends inclusive: from the later of `since` and the retention cutoff, up to the
/// cursor (whose own entry the caller drops) or the last key before `until`.
struct SortKeyRange: Sendable {
    let lower: String?
    let upper: String?

    init(before: EntryKey?, filter: EntryFilter, cutoff: Timestamp?) {
        let starts = [filter.since, cutoff].compactMap { $0 }
        lower = starts.max().map(LogTable.timestampPrefix)
        let ends = [before.map(LogTable.sortKey), filter.until.map { LogTable.lastSortKey(at: Timestamp(microseconds: $0.microseconds - 1)) }]
        upper = ends.compactMap { $0 }.min()
    }

    var isEmpty: Bool {
        guard let lower, let upper else { return false }
        return lower > upper
    }
}

/// One shard's entries, newest first, fetched a page at a time for the merge across shards.
struct ShardReader: Sendable {
    /// Visible entries of one or more queries, and where the next query resumes (nil: the shard is read to the end).
    struct Page: Sendable {
        let entries: [StoredEntry]
        let resumeKey: AttributeValue.Item?
    }

    let partition: String
    let range: SortKeyRange
    let minimumSeverity: Severity?
    let pageSize: Int
    /// Fetched entries, oldest first, so the newest is popped from the end.
    private var buffer: [StoredEntry] = []
    private(set) var resumeKey: AttributeValue.Item?
    private var exhausted = false

    init(partition: String, range: SortKeyRange, minimumSeverity: Severity?, pageSize: Int) {
        self.partition = partition
        self.range = range
        self.minimumSeverity = minimumSeverity
        self.pageSize = pageSize
    }

    var needsPage: Bool { buffer.isEmpty && !exhausted }

    /// The newest entry not yet merged.
    var head: StoredEntry? { buffer.last }

    mutating func pop() -> StoredEntry { buffer.removeLast() }

    mutating func take(_ page: Page) {
        buffer = page.entries.reversed()
        resumeKey = page.resumeKey
        exhausted = page.resumeKey == nil
    }

    /// The query for the next page, newest first.
    func query(from start: AttributeValue.Item?) -> Query {
        var values: AttributeValue.Item = [":pk": .string(partition)]
        var expression = "#pk = :pk"
        switch (range.lower, range.upper) {
        case let (lower?, upper?):
            expression += " AND #sk BETWEEN :lo AND :hi"
            (values[":lo"], values[":hi"]) = (.string(lower), .string(upper))
        case let (lower?, nil):
            expression += " AND #sk >= :lo"
            values[":lo"] = .string(lower)
        case let (nil, upper?):
            expression += " AND #sk <= :hi"
            values[":hi"] = .string(upper)
        case (nil, nil):
            break
        }
        // DynamoDB refuses placeholders an expression does not use.
        let names = range.lower == nil && range.upper == nil ? ["#pk": "pk"] : ["#pk": "pk", "#sk": "sk"]
        let keyCondition = Condition(expression, names: names, values: values)
        let filter = minimumSeverity.map {
            Condition("#sev >= :sev", names: ["#sev": "sev"], values: [":sev": .integer(Int64($0.rawValue))])
        }
        return Query(keyCondition: keyCondition, filter: filter, limit: pageSize, descending: true, exclusiveStartKey: start)
    }
}
