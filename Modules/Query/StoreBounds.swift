import Model
import QueryLanguage
import Storage

/// What a filter lets the store skip without decrypting: a minimum severity and a time range, which entry keys
/// hold in clear. Sound, never exact: every entry the filter passes is inside the bounds (an `or` or `not`
/// contributes none), and entries inside them are still checked by `QueryFilter.matches`.
struct StoreBounds: Equatable {
    /// Whether the bounds decide the filter alone: it is only severity (`>=`, `>`) and time tests that the stored
    /// key answers exactly (`>=` and `<` on whole microseconds, `time:15m`), joined by `and`.
    static func decide(_ filter: QueryFilter?) -> Bool {
        switch filter {
        case nil: return true
        case .and(let parts): return parts.allSatisfy { decide($0) }
        case .field(.severity, .compare(.greaterOrEqual, .severity)), .field(.time, .last): return true
        case .field(.severity, .compare(.greater, .severity(let level))): return Severity.allCases.contains { $0 > level }
        case .field(.time, .compare(let comparison, .time(let bound))):
            return (comparison == .greaterOrEqual || comparison == .less) && bound % 1000 == 0
        default: return false
        }
    }

    /// Whether `filter` reads nothing but what entry keys hold in clear (severity, time, id): entries need not be
    /// decrypted to check it.
    static func readsKeysOnly(_ filter: QueryFilter?) -> Bool {
        filter.map { tests(only: [.severity, .time, .id], $0) } ?? true
    }

    /// Whether each part of the filter's `and` is decided by the bounds or tests the severity alone: then counting
    /// the entries within the bounds by severity, and keeping the severities the filter passes, counts what it passes.
    static func decideBySeverity(_ filter: QueryFilter?) -> Bool {
        switch filter {
        case .and(let parts): parts.allSatisfy { decideBySeverity($0) }
        default: decide(filter) || filter.map { tests(only: [.severity], $0) } ?? false
        }
    }

    /// Whether every test of `filter` is on one of `fields` (never so for a word, prefix or phrase of the message).
    private static func tests(only fields: [QueryField], _ filter: QueryFilter) -> Bool {
        switch filter {
        case .and(let parts), .or(let parts): parts.allSatisfy { tests(only: fields, $0) }
        case .not(let part): tests(only: fields, part)
        case .field(let field, _): fields.contains(field)
        case .word, .wordPrefix, .phrase: false
        }
    }

    var minimumSeverity: Severity?
    /// Microseconds, inclusive.
    var since: Int64?
    /// Microseconds, exclusive.
    var until: Int64?

    /// The bounds `filter` implies at the query's time `now`.
    init(_ filter: QueryFilter?, now: Timestamp) {
        guard let filter else { return }
        switch filter {
        case .and(let parts):
            for part in parts { narrow(to: StoreBounds(part, now: now)) }
        case .field(.severity, .compare(let comparison, .severity(let level))):
            switch comparison {
            case .equal, .greaterOrEqual: minimumSeverity = level
            case .greater: minimumSeverity = Severity.allCases.first { $0 > level } ?? level
            default: break
            }
        case .field(.time, .compare(let comparison, .time(let bound))):
            // An entry at microsecond m spans nanoseconds m*1000 ... m*1000+999.
            switch comparison {
            case .equal: (since, until) = (Int64.floorDivide(bound, 1000), Int64.floorDivide(bound, 1000) + 1)
            case .greater, .greaterOrEqual: since = Int64.floorDivide(bound, 1000)
            case .less: until = Int64.floorDivide(bound + 999, 1000)
            case .lessOrEqual: until = Int64.floorDivide(bound, 1000) + 1
            case .notEqual: break
            }
        case .field(.time, .last(let seconds)):
            (since, until) = (now.microseconds - seconds * 1_000_000, now.microseconds + 1)
        default:
            break
        }
    }

    private init() {}

    /// Both bounds at once: the higher minimum, the later start, the earlier end.
    mutating func narrow(to other: StoreBounds) {
        minimumSeverity = [minimumSeverity, other.minimumSeverity].compactMap { $0 }.max()
        since = [since, other.since].compactMap { $0 }.max()
        until = [until, other.until].compactMap { $0 }.min()
    }

    /// The store filter of these bounds within `filter`'s own (the old parameters, which still apply).
    func narrowing(_ filter: EntryFilter) -> EntryFilter {
        var bounds = StoreBounds()
        bounds.minimumSeverity = filter.minimumSeverity
        bounds.since = filter.since?.microseconds
        bounds.until = filter.until?.microseconds
        bounds.narrow(to: self)
        return EntryFilter(minimumSeverity: bounds.minimumSeverity, since: bounds.since.map(Timestamp.init(microseconds:)),
                           until: bounds.until.map(Timestamp.init(microseconds:)), text: filter.text, query: filter.query)
    }
}
