public import Model

/// Reads the query language (docs/query-language.md#grammar) by recursive descent, one token of lookahead.
/// Every error names its column and what was expected. Bounded: a query is at most `maxBytes` long and nests
/// parentheses and `not` at most `maxDepth` deep.
public struct QueryParser {
    public static let maxBytes = 4096
    public static let maxDepth = 32

    private let tokens: [QueryToken]
    private var index = 0
    private var depth = 0

    /// Parses `text`; `QuerySyntaxError` when it is not a query.
    public static func parse(_ text: String) throws(QuerySyntaxError) -> LogsQuery {
        guard text.utf8.count <= maxBytes else {
            throw QuerySyntaxError(offset: 0, expected: "a query of at most \(maxBytes) bytes", found: "\(text.utf8.count) bytes")
        }
        var parser = QueryParser(tokens: try QueryLexer.tokens(text))
        return try parser.query()
    }

    /// `parse` for a request: a query that is not one is 400 `invalid_request` with `QuerySyntaxError.description`.
    public static func parseRequest(_ text: String) throws(ServiceError) -> LogsQuery {
        do {
            return try parse(text)
        } catch {
            throw error.serviceError
        }
    }

    private init(tokens: [QueryToken]) {
        self.tokens = tokens
    }

    // MARK: - Filters

    private mutating func query() throws(QuerySyntaxError) -> LogsQuery {
        var filter: QueryFilter?
        if !current.isSymbol("|"), current.kind != .end { filter = try disjunction() }
        var pipes: [QueryPipe] = []
        while current.isSymbol("|") {
            advance()
            let token = current
            let pipe = try pipe()
            try QueryParser.check(pipe, after: pipes, at: token)
            pipes.append(pipe)
        }
        guard current.kind == .end else {
            throw failure(expected: filter == nil && pipes.isEmpty ? "a filter or '|'" : "'and', 'or', '|' or the end of the query")
        }
        return LogsQuery(filter: filter, pipes: pipes)
    }

    private mutating func disjunction() throws(QuerySyntaxError) -> QueryFilter {
        var parts = [try conjunction()]
        while current.keyword == "or" {
            advance()
            parts.append(try conjunction())
        }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    private mutating func conjunction() throws(QuerySyntaxError) -> QueryFilter {
        var parts = [try negation()]
        while true {
            if current.keyword == "and" {
                advance()
            } else if !startsFilter(current) {
                break
            }
            parts.append(try negation())
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    /// Whether a filter may start at `token` (two filters side by side are joined by `and`).
    private func startsFilter(_ token: QueryToken) -> Bool {
        switch token.kind {
        case .word(let text): !["and", "or"].contains(text.lowercased())
        case .string: true
        case .symbol(let symbol): symbol == "(" || symbol == "!"
        case .end: false
        }
    }

    private mutating func negation() throws(QuerySyntaxError) -> QueryFilter {
        if current.keyword == "not" || current.isSymbol("!") {
            try enter()
            advance()
            defer { depth -= 1 }
            return .not(try negation())
        }
        return try primary()
    }

    private mutating func primary() throws(QuerySyntaxError) -> QueryFilter {
        let token = current
        switch token.kind {
        case .symbol("("):
            try enter()
            defer { depth -= 1 }
            advance()
            let inner = try disjunction()
            try expect(")", "')' to close the '(' at column \(token.offset + 1)")
            return inner
        case .word(let text):
            advance()
            if isFieldTest(current) { return try fieldTest(try field(named: text, at: token)) }
            if current.isSymbol("*") {
                advance()
                return .wordPrefix(text.lowercased())
            }
            return .word(text.lowercased())
        case .string(let text):
            advance()
            if isFieldTest(current) { return try fieldTest(try field(named: text, at: token, quoted: true)) }
            guard !text.isEmpty else { throw QuerySyntaxError(offset: token.offset, expected: "a phrase of one character or more", found: "\"\"") }
            return .phrase(text.lowercased())
        default:
            throw failure(expected: "a word, a \"phrase\", a field test or '('")
        }
    }

    private func isFieldTest(_ token: QueryToken) -> Bool {
        guard case .symbol(let symbol) = token.kind else { return false }
        return symbol == ":" || QueryComparison(rawValue: symbol) != nil || symbol == "=~" || symbol == "!~"
    }

    private mutating func fieldTest(_ field: QueryField) throws(QuerySyntaxError) -> QueryFilter {
        let operatorToken = current
        advance()
        guard case .symbol(let symbol) = operatorToken.kind else { throw failure(expected: "an operator") }
        switch symbol {
        case ":":
            if current.isSymbol("*") {
                advance()
                return .field(field, .exists)
            }
            guard field == .time else { throw failure(expected: "'*' (present) after '\(field):'") }
            if current.isSymbol("[") || current.isSymbol("(") { return try timeRange() }
            let token = current
            guard case .word(let text) = token.kind, let seconds = QueryParser.seconds(text) else {
                throw failure(expected: "a duration such as 15m, or a range such as [2026-11-30T00:00:00Z, 2026-12-01T00:00:00Z)")
            }
            advance()
            return .field(.time, .last(seconds: seconds))
        case "=~", "!~":
            let token = current
            guard case .string(let pattern) = token.kind else { throw failure(expected: "a \"regular expression\" after '\(symbol)'") }
            let regex: LinearRegex
            do {
                regex = try LinearRegex(pattern)
            } catch {
                throw QuerySyntaxError(offset: token.offset + 1 + error.offset, expected: "\(error.expected) in the regular expression",
                                       found: token.description)
            }
            advance()
            return .field(field, .matches(regex, negated: symbol == "!~"))
        default:
            guard let comparison = QueryComparison(rawValue: symbol) else { throw failure(expected: "an operator") }
            let valueToken = current
            guard let text = valueToken.value else { throw failure(expected: "a value after '\(symbol)'") }
            advance()
            if current.isSymbol("*") {
                guard comparison == .equal, QueryParser.holdsText(field) else {
                    throw failure(expected: "no '*' (a prefix is written field = \"text\"* on a text field)")
                }
                advance()
                return .field(field, .prefix(text))
            }
            let value = try QueryParser.value(text, for: field, at: valueToken)
            if case .literal(_, nil) = value, comparison != .equal, comparison != .notEqual {
                throw QuerySyntaxError(offset: valueToken.offset, expected: "a number after '\(symbol)' (only numbers, times and severities are ordered)",
                                       found: valueToken.description)
            }
            return .field(field, .compare(comparison, value))
        }
    }

    /// `[start, end)`, `[start, end]`, `(start, end)`, `(start, end]`: a time range with its ends included or not.
    private mutating func timeRange() throws(QuerySyntaxError) -> QueryFilter {
        let opening = current
        advance()
        let start = try time()
        try expect(",", "',' between the two ends of the range")
        let end = try time()
        let closing = current
        guard closing.isSymbol("]") || closing.isSymbol(")") else { throw failure(expected: "']' or ')' to close the range") }
        advance()
        return .and([.field(.time, .compare(opening.isSymbol("[") ? .greaterOrEqual : .greater, .time(start))),
                     .field(.time, .compare(closing.isSymbol("]") ? .lessOrEqual : .less, .time(end)))])
    }

    private mutating func time() throws(QuerySyntaxError) -> Int64 {
        guard let nanoseconds = current.value.flatMap(QueryParser.nanoseconds) else {
            throw failure(expected: "an RFC 3339 time such as 2026-11-30T00:00:00Z")
        }
        advance()
        return nanoseconds
    }

    // MARK: - Fields and values

    private func field(named name: String, at token: QueryToken, quoted: Bool = false) throws(QuerySyntaxError) -> QueryField {
        if quoted { return .attribute(name) }
        guard let field = QueryField(name: name) else {
            let prefix = name.hasPrefix("attributes.") ? "attributes." : "resource."
            throw QuerySyntaxError(offset: token.offset, expected: "a key after '\(prefix)'", found: token.description)
        }
        return field
    }

    /// Whether `field` holds text that a prefix can test.
    private static func holdsText(_ field: QueryField) -> Bool {
        switch field {
        case .severity, .time, .traceID, .spanID: false
        default: true
        }
    }

    private static func value(_ text: String, for field: QueryField, at token: QueryToken) throws(QuerySyntaxError) -> QueryValue {
        switch field {
        case .severity:
            guard let severity = Severity(name: text) else {
                throw QuerySyntaxError(offset: token.offset, expected: "a severity (debug, info, warning, error, critical)", found: token.description)
            }
            return .severity(severity)
        case .time:
            guard let nanoseconds = nanoseconds(text) else {
                throw QuerySyntaxError(offset: token.offset, expected: "an RFC 3339 time such as 2026-11-30T00:00:00Z", found: token.description)
            }
            return .time(nanoseconds)
        case .traceID, .spanID:
            let length = field == .traceID ? 16 : 8
            guard text.utf8.count == length * 2, let bytes = Hex.decode(text) else {
                throw QuerySyntaxError(offset: token.offset, expected: "\(length * 2) hex digits", found: token.description)
            }
            return .bytes(bytes)
        default:
            return .literal(text, number: Double(text).flatMap { $0.isFinite ? $0 : nil })
        }
    }

    /// Nanoseconds since the epoch of an RFC 3339 time, exact to the nanosecond.
    static func nanoseconds(_ text: String) -> Int64? {
        guard let parsed = Timestamp.parse(rfc3339: text) else { return nil }
        let (scaled, overflow) = parsed.timestamp.microseconds.multipliedReportingOverflow(by: 1000)
        return overflow ? nil : scaled + Int64(parsed.nanoseconds)
    }

    /// Seconds of a duration: a positive whole number and `s`, `m`, `h`, `d` or `w`; nil otherwise.
    static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0 else { return nil }
        let scale: Int64 = switch unit {
        case "s": 1
        case "m": 60
        case "h": 3600
        case "d": 86_400
        case "w": 604_800
        default: 0
        }
        guard scale > 0 else { return nil }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: scale)
        return overflow || seconds > 100 * 366 * 86_400 ? nil : seconds
    }

    // MARK: - Pipes

    private mutating func pipe() throws(QuerySyntaxError) -> QueryPipe {
        switch current.keyword {
        case "fields":
            advance()
            var fields = [try fieldName()]
            while current.isSymbol(",") {
                advance()
                fields.append(try fieldName())
            }
            return .fields(fields)
        case "sort":
            advance()
            guard current.keyword == "by" else { throw failure(expected: "'by' after 'sort'") }
            advance()
            var keys: [SortKey] = []
            repeat {
                if !keys.isEmpty { advance() }
                let field = try fieldName()
                var descending = false
                if current.keyword == "desc" || current.keyword == "asc" {
                    descending = current.keyword == "desc"
                    advance()
                }
                keys.append(SortKey(field: field, descending: descending))
            } while current.isSymbol(",")
            return .sort(keys)
        case "limit":
            advance()
            let token = current
            guard case .word(let text) = token.kind, let count = Int(text), (1...10_000).contains(count) else {
                throw failure(expected: "a number of entries from 1 to 10000 after 'limit'")
            }
            advance()
            return .limit(count)
        case "stats":
            advance()
            return try stats()
        default:
            throw failure(expected: "a pipe: fields, sort, limit or stats")
        }
    }

    /// Pipes run in the order stats, sort, limit, fields, each at most once; after `stats`, `sort` and `fields`
    /// name columns of its table.
    private static func check(_ pipe: QueryPipe, after earlier: [QueryPipe], at token: QueryToken) throws(QuerySyntaxError) {
        if let last = earlier.last, last.stage >= pipe.stage {
            throw QuerySyntaxError(offset: token.offset, expected: "pipes in the order stats, sort, limit, fields, each at most once",
                                   found: "'\(pipe.keyword)' after '\(last.keyword)'")
        }
        guard case .stats(let aggregates, let groups) = earlier.first else { return }
        let columns = groups.map(\.columnName) + aggregates.map(\.name)
        let named: [QueryField] = switch pipe {
        case .sort(let keys): keys.map(\.field)
        case .fields(let fields): fields
        default: []
        }
        for field in named where !columns.contains(field.description) {
            throw QuerySyntaxError(offset: token.offset, expected: "a column of the stats table (\(columns.joined(separator: ", ")))",
                                   found: "'\(field)'")
        }
    }

    private mutating func stats() throws(QuerySyntaxError) -> QueryPipe {
        var aggregates = [try aggregate()]
        while current.isSymbol(",") {
            advance()
            aggregates.append(try aggregate())
        }
        var groups: [StatsGroup] = []
        if current.keyword == "by" {
            advance()
            repeat {
                if !groups.isEmpty { advance() }
                groups.append(try group())
            } while current.isSymbol(",")
        }
        var names = Set<String>()
        for aggregate in aggregates where !names.insert(aggregate.name).inserted {
            throw QuerySyntaxError(offset: current.offset, expected: "a name of its own for each aggregate (as NAME)",
                                   found: "'\(aggregate.name)' twice")
        }
        return .stats(aggregates, by: groups)
    }

    private mutating func aggregate() throws(QuerySyntaxError) -> Aggregate {
        let token = current
        guard let name = token.keyword, let function = Aggregate.Function(rawValue: name) else {
            throw failure(expected: "an aggregate: count, count_distinct, min, max, avg or sum")
        }
        advance()
        try expect("(", "'(' after '\(name)'")
        var field: QueryField?
        if !current.isSymbol(")") || function != .count { field = try fieldName(expected: "a field in \(name)(...)") }
        try expect(")", "')' after the field of '\(name)'")
        var label = field.map { "\(function.rawValue)(\($0))" } ?? "count()"
        if current.keyword == "as" {
            advance()
            guard case .word(let text) = current.kind else { throw failure(expected: "a column name after 'as'") }
            label = text
            advance()
        }
        return Aggregate(function: function, field: field, name: label)
    }

    private mutating func group() throws(QuerySyntaxError) -> StatsGroup {
        guard current.keyword == "bin" else { return .field(try fieldName()) }
        advance()
        try expect("(", "'(' after 'bin'")
        let token = current
        guard case .word(let text) = token.kind, let seconds = QueryParser.seconds(text) else {
            throw failure(expected: "a bucket size such as 5m, 1h or 1d")
        }
        advance()
        var zone: String?
        if current.isSymbol(",") {
            advance()
            guard case .word(let name) = current.kind, TimeBinning(seconds: 1, zone: name) != nil else {
                throw failure(expected: "an IANA time zone such as Europe/Paris")
            }
            guard seconds < 86_400 || seconds % 86_400 == 0 else {
                throw QuerySyntaxError(offset: token.offset, expected: "whole days or less than a day for buckets of a time zone",
                                       found: "'\(text)'")
            }
            zone = name
            advance()
        }
        try expect(")", "')' after the bucket size")
        return .bin(seconds: seconds, timeZone: zone)
    }

    private mutating func fieldName(expected: String = "a field name") throws(QuerySyntaxError) -> QueryField {
        let token = current
        switch token.kind {
        case .word(let text):
            advance()
            return try field(named: text, at: token)
        case .string(let text):
            advance()
            return .attribute(text)
        default:
            throw failure(expected: expected)
        }
    }

    // MARK: - Tokens

    private var current: QueryToken { tokens[index] }

    private mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    private mutating func expect(_ symbol: String, _ expected: String) throws(QuerySyntaxError) {
        guard current.isSymbol(symbol) else { throw failure(expected: expected) }
        advance()
    }

    private mutating func enter() throws(QuerySyntaxError) {
        depth += 1
        guard depth <= QueryParser.maxDepth else {
            throw failure(expected: "at most \(QueryParser.maxDepth) nested parentheses and 'not'")
        }
    }

    private func failure(expected: String) -> QuerySyntaxError {
        QuerySyntaxError(offset: current.offset, expected: expected, found: current.description)
    }
}
