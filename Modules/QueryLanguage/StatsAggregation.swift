public import Model

/// `| stats AGGREGATE, ... [by GROUP, ...]` (docs/query-language.md#pipes), fed one entry at a time, and the table
/// it makes. Groups are field values (a missing one is a group of its own) and time buckets (`TimeBinning`).
/// `count()` counts entries, `count(F)` those that have F, `count_distinct(F)` F's distinct typed values;
/// `min`, `max`, `sum` and `avg` take the numbers among F's values (integers and doubles) and are null where there
/// were none; `sum` stays an integer while every addend is one and it does not overflow.
public struct StatsAggregation: Sendable {
    public let aggregates: [Aggregate]
    public let groups: [StatsGroup]
    private let binnings: [TimeBinning?]
    private var rows: [[GroupKey]: [Accumulator]] = [:]
    /// About the bytes the groups and the distinct values `count_distinct` keeps take: their values' sizes, and
    /// 64 per group and 32 per distinct value for the structures around them. What bounds the aggregation's memory.
    public private(set) var heldBytes = 0

    /// nil when a bucket's time zone is unknown (the parser refuses those first).
    public init?(aggregates: [Aggregate], groups: [StatsGroup]) {
        var binnings: [TimeBinning?] = []
        for group in groups {
            guard case .bin(let seconds, let zone) = group else {
                binnings.append(nil)
                continue
            }
            guard let binning = TimeBinning(seconds: seconds, zone: zone) else { return nil }
            binnings.append(binning)
        }
        self.aggregates = aggregates
        self.groups = groups
        self.binnings = binnings
    }

    /// The groups' column names, then the aggregates'.
    public var columns: [String] { groups.map(\.columnName) + aggregates.map(\.name) }

    /// Adds `entry` as if it were added `times` times: how counts read from the store, one entry for many with
    /// the same severity and bucket, join the table.
    public mutating func add(_ entry: LogEntry, times: Int = 1) {
        let key = zip(groups, binnings).map { group, binning -> GroupKey in
            if let binning { return .bucket(binning.bucket(of: entry.timestamp)) }
            guard case .field(let field) = group else { return .value(nil) }
            return field == .severity ? .severity(entry.severity) : .value(FieldTest.value(of: field, in: entry))
        }
        var accumulators = rows[key] ?? {
            heldBytes += key.reduce(64) { $0 + $1.size }
            return Array(repeating: Accumulator(), count: aggregates.count)
        }()
        for (index, aggregate) in aggregates.enumerated() {
            let value = aggregate.field.flatMap { FieldTest.value(of: $0, in: entry) }
            heldBytes += accumulators[index].add(value, times: Int64(times), counting: aggregate.field == nil, for: aggregate.function)
        }
        rows[key] = accumulators
    }

    /// The table: rows in the order of `order` (column names; the parser checks that they are columns), then by
    /// the groups, ascending; at most `limit` of them; only the columns `fields` names, when it names any.
    public func table(order: [SortKey] = [], limit: Int? = nil, fields: [QueryField]? = nil) -> QueryTable {
        let columns = columns
        let indices = order.compactMap { key in columns.firstIndex(of: key.field.description).map { ($0, key.descending) } }
        let groupCount = groups.count
        let sorted = rows.map { key, accumulators in
            (key, accumulators.enumerated().map { index, accumulator in accumulator.cell(for: aggregates[index].function) })
        }.sorted { a, b in
            for (column, descending) in indices {
                let order = column < groupCount
                    ? GroupKey.order(a.0[column], b.0[column], descending: descending)
                    : AnyValue.queryOrder(a.1[column - groupCount], b.1[column - groupCount], descending: descending)
                if order != 0 { return order < 0 }
            }
            for column in 0..<groupCount {
                let order = GroupKey.order(a.0[column], b.0[column], descending: false)
                if order != 0 { return order < 0 }
            }
            return false
        }
        let kept = fields.map { $0.compactMap { field in columns.firstIndex(of: field.description) } } ?? Array(columns.indices)
        let rows = sorted.prefix(limit ?? sorted.count).map { key, cells in
            let row = key.map(\.cell) + cells
            return kept.map { row[$0] }
        }
        return QueryTable(columns: kept.map { columns[$0] }, rows: rows)
    }
}

extension StatsGroup {
    /// The name of the group's column: the field's name, or `bin(5m)`, `bin(1d, Europe/Paris)`.
    public var columnName: String {
        switch self {
        case .field(let field): field.description
        case .bin(let seconds, let zone):
            "bin(" + StatsGroup.duration(seconds) + (zone.map { ", " + $0 } ?? "") + ")"
        }
    }

    private static func duration(_ seconds: Int64) -> String {
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}

/// One group's value in one column.
private enum GroupKey: Hashable, Sendable {
    case value(AnyValue?)
    case severity(Severity)
    case bucket(TimeBucket)

    var size: Int {
        switch self {
        case .value(let value): value?.size ?? 0
        case .severity: 1
        case .bucket: 16
        }
    }

    var cell: AnyValue? {
        switch self {
        case .value(.bytes(let bytes)): .string(Hex.encode(bytes))
        case .value(let value): value
        case .severity(let severity): .string(severity.name)
        case .bucket(let bucket): .string(bucket.label)
        }
    }

    static func order(_ a: GroupKey, _ b: GroupKey, descending: Bool) -> Int {
        let order: Int
        switch (a, b) {
        case (.severity(let a), .severity(let b)): order = a == b ? 0 : (a < b ? -1 : 1)
        case (.bucket(let a), .bucket(let b)): order = a == b ? 0 : (a < b ? -1 : 1)
        case (.value(let a), .value(let b)): return AnyValue.queryOrder(a, b, descending: descending)
        default: order = 0
        }
        return descending ? -order : order
    }
}

/// The running state of one aggregate in one group.
private struct Accumulator: Sendable {
    var count: Int64 = 0
    var distinct: Set<AnyValue> = []
    var sum: Double = 0
    /// nil once a double or an overflow was added.
    var integerSum: Int64? = 0
    var minimum: AnyValue?
    var maximum: AnyValue?

    /// Adds an entry's value of the aggregate's field `times` times (`counting`: `count()`, every entry); returns
    /// about the bytes it now holds that it did not before.
    mutating func add(_ value: AnyValue?, times: Int64, counting: Bool, for function: Aggregate.Function) -> Int {
        switch function {
        case .count:
            if counting || value != nil { count += times }
            return 0
        case .countDistinct:
            guard let value else { return 0 }
            return distinct.insert(value).inserted ? value.size + 32 : 0
        case .min, .max, .sum, .avg:
            let number: Double
            switch value {
            case .int(let integer):
                number = Double(integer)
                integerSum = integerSum.flatMap { sum in
                    let (product, overflow) = integer.multipliedReportingOverflow(by: times)
                    let (total, overflowAgain) = sum.addingReportingOverflow(product)
                    return overflow || overflowAgain ? nil : total
                }
            case .double(let double):
                number = double
                integerSum = nil
            default:
                return 0
            }
            count += times
            sum += number * Double(times)
            if minimum == nil || AnyValue.queryOrder(value, minimum) < 0 { minimum = value }
            if maximum == nil || AnyValue.queryOrder(value, maximum) > 0 { maximum = value }
            return 0
        }
    }

    func cell(for function: Aggregate.Function) -> AnyValue? {
        switch function {
        case .count: .int(count)
        case .countDistinct: .int(Int64(distinct.count))
        case .min: minimum
        case .max: maximum
        case .sum: count == 0 ? nil : integerSum.map(AnyValue.int) ?? .double(sum)
        case .avg: count == 0 ? nil : .double(sum / Double(count))
        }
    }
}
