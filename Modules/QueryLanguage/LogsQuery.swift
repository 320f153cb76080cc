public import Model

/// A query of the query language (docs/query-language.md): a filter on entries and the pipes that shape the
/// answer. `description` writes it as a parse tree (S-expressions), which the tests compare.
public struct LogsQuery: Sendable, Equatable, CustomStringConvertible {
    /// nil: every entry.
    public var filter: QueryFilter?
    public var pipes: [QueryPipe]

    public var description: String {
        ([filter?.description ?? "(all)"] + pipes.map(\.description)).joined(separator: " | ")
    }
}

/// Which entries a query wants.
public indirect enum QueryFilter: Sendable, Equatable, CustomStringConvertible {
    /// Every one holds.
    case and([QueryFilter])
    /// At least one holds.
    case or([QueryFilter])
    case not(QueryFilter)
    /// The message holds this word (lower case), as a whole word: words are runs of letters and digits.
    case word(String)
    /// The message holds a word that starts with this (lower case).
    case wordPrefix(String)
    /// The message holds this text (lower case), case-insensitively, anywhere.
    case phrase(String)
    /// A field passes a test.
    case field(QueryField, FieldTest)

    public var description: String {
        switch self {
        case .and(let parts): "(and " + parts.map(\.description).joined(separator: " ") + ")"
        case .or(let parts): "(or " + parts.map(\.description).joined(separator: " ") + ")"
        case .not(let part): "(not \(part))"
        case .word(let word): "(word \(word))"
        case .wordPrefix(let prefix): "(word-prefix \(prefix))"
        case .phrase(let text): "(phrase \"\(text)\")"
        case .field(let field, let test): test.description(of: field)
        }
    }
}

/// A field of an entry, as a query names it.
public enum QueryField: Sendable, Hashable, CustomStringConvertible {
    case severity, time, message, traceID, spanID, id, eventName, severityText, scopeName
    /// A log-record attribute, else (when the record has none of that key) a resource attribute.
    case attribute(String)
    /// `attributes.KEY`: a log-record attribute only.
    case recordAttribute(String)
    /// `resource.KEY`: a resource attribute only.
    case resourceAttribute(String)

    private static let named: [String: QueryField] = [
        "severity": .severity, "level": .severity, "time": .time, "message": .message, "trace_id": .traceID,
        "span_id": .spanID, "id": .id, "event_name": .eventName, "severity_text": .severityText, "scope.name": .scopeName,
    ]

    /// The field a query names so (unquoted; the names of the fields above case-insensitively); nil for
    /// `attributes.` or `resource.` without a key.
    public init?(name: String) {
        if let named = QueryField.named[name.lowercased()] {
            self = named
            return
        }
        for (prefix, make) in [("attributes.", QueryField.recordAttribute), ("resource.", QueryField.resourceAttribute)]
        where name.hasPrefix(prefix) {
            let key = String(name.dropFirst(prefix.count))
            guard !key.isEmpty else { return nil }
            self = make(key)
            return
        }
        self = .attribute(name)
    }

    public var description: String {
        switch self {
        case .severity: "severity"
        case .time: "time"
        case .message: "message"
        case .traceID: "trace_id"
        case .spanID: "span_id"
        case .id: "id"
        case .eventName: "event_name"
        case .severityText: "severity_text"
        case .scopeName: "scope.name"
        case .attribute(let key): key
        case .recordAttribute(let key): "attributes.\(key)"
        case .resourceAttribute(let key): "resource.\(key)"
        }
    }
}

/// What a field must be.
public enum FieldTest: Sendable, Equatable {
    /// The field is present.
    case exists
    case compare(QueryComparison, QueryValue)
    /// A string field starting with this text (case-sensitive).
    case prefix(String)
    /// A string field matching a regular expression (`=~`), or (negated, `!~`) present and not matching it.
    case matches(LinearRegex, negated: Bool)
    /// `time:15m`: from this many seconds before the query's time to that time, to the microsecond.
    case last(seconds: Int64)

    func description(of field: QueryField) -> String {
        switch self {
        case .exists: "(exists \(field))"
        case .compare(let comparison, let value): "(\(comparison.rawValue) \(field) \(value))"
        case .prefix(let prefix): "(prefix \(field) \"\(prefix)\")"
        case .matches(let pattern, let negated): "(\(negated ? "!~" : "=~") \(field) \"\(pattern)\")"
        case .last(let seconds): "(last \(field) \(seconds)s)"
        }
    }
}

public enum QueryComparison: String, Sendable, Equatable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// A value a field is compared with, typed by its field where the field has one type.
public enum QueryValue: Sendable, Equatable, CustomStringConvertible {
    /// For attributes, ids and text fields: as written; `number` when the text reads as one.
    case literal(String, number: Double?)
    case severity(Severity)
    /// Nanoseconds since the epoch.
    case time(Int64)
    /// A trace or span id, as bytes.
    case bytes([UInt8])

    public var description: String {
        switch self {
        case .literal(let text, let number): number == nil ? "\"\(text)\"" : text
        case .severity(let severity): severity.name
        case .time(let nanoseconds): "@\(nanoseconds)"
        case .bytes(let bytes): "0x" + Hex.encode(bytes)
        }
    }
}

/// One stage after the filter.
public enum QueryPipe: Sendable, Equatable, CustomStringConvertible {
    /// Only these fields in each entry of the answer.
    case fields([QueryField])
    case sort([SortKey])
    case limit(Int)
    /// A table of aggregates, one row per group.
    case stats([Aggregate], by: [StatsGroup])

    /// Where the pipe runs among the others (the parser keeps them in this order).
    var stage: Int {
        switch self {
        case .stats: 0
        case .sort: 1
        case .limit: 2
        case .fields: 3
        }
    }

    var keyword: String {
        switch self {
        case .stats: "stats"
        case .sort: "sort"
        case .limit: "limit"
        case .fields: "fields"
        }
    }

    public var description: String {
        switch self {
        case .fields(let fields): "(fields " + fields.map(\.description).joined(separator: " ") + ")"
        case .sort(let keys): "(sort " + keys.map { "\($0.field) \($0.descending ? "desc" : "asc")" }.joined(separator: ", ") + ")"
        case .limit(let count): "(limit \(count))"
        case .stats(let aggregates, let groups):
            "(stats " + aggregates.map(\.description).joined(separator: " ")
                + (groups.isEmpty ? "" : " by " + groups.map(\.description).joined(separator: " ")) + ")"
        }
    }
}

public struct SortKey: Sendable, Equatable {
    public let field: QueryField
    public let descending: Bool

    public init(field: QueryField, descending: Bool) {
        self.field = field
        self.descending = descending
    }
}

/// An aggregate of `stats`, named in the answer's columns by `name`.
public struct Aggregate: Sendable, Equatable, CustomStringConvertible {
    public enum Function: String, Sendable, CaseIterable {
        case count, countDistinct = "count_distinct", min, max, avg, sum
    }

    public let function: Function
    /// nil only for `count()`: every entry.
    public let field: QueryField?
    public let name: String

    public var description: String { "(\(function.rawValue) \(field?.description ?? "*") as \(name))" }
}

/// What `stats ... by` groups on: a field's value, or a time bucket.
public enum StatsGroup: Sendable, Equatable, CustomStringConvertible {
    case field(QueryField)
    /// Buckets of this many seconds aligned to the epoch, in UTC; with a time zone (IANA name), calendar days and
    /// weeks of that zone instead.
    case bin(seconds: Int64, timeZone: String?)

    public var description: String {
        switch self {
        case .field(let field): field.description
        case .bin(let seconds, let zone): "(bin \(seconds)s" + (zone.map { " \($0)" } ?? "") + ")"
        }
    }
}
