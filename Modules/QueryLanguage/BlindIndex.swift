public import Model

/// Where the query language meets the blind indexes (docs/query-language.md#encrypted-indexes): the term an indexed
/// field keeps of an entry, and the terms an equality of a query may match. The two agree with the equality of
/// `FieldTest`: every entry that an equality passes has one of the equality's terms, so a read of the index's
/// candidates misses none (the candidates are still checked against the whole filter once decrypted).
public enum BlindIndex {
    /// Whether an index may hold `field`: one value per entry, tested by equality, or the message, whose words it
    /// holds. Not time, severity or the id, which the entry key answers.
    public static func isIndexable(_ field: QueryField) -> Bool {
        switch field {
        case .severity, .time, .id: false
        case .message, .traceID, .spanID, .eventName, .severityText, .scopeName, .attribute, .recordAttribute, .resourceAttribute: true
        }
    }

    /// Distinct words of one message an index keeps at most; a message with more also gets `overflowTerm`, which
    /// every read by a word reads too.
    public static let maxWordsPerMessage = 256

    /// The terms `field` keeps of `entry`, named by the field's `description`: the value's term, none when the entry
    /// has no value there or one that no equality matches (an array, a map, a non-finite number); for the message,
    /// a term per distinct word (`words(of:)`).
    public static func terms(of field: QueryField, in entry: LogEntry) -> [IndexTerm] {
        guard field == .message else {
            return FieldTest.value(of: field, in: entry).flatMap { IndexTerm(field: field.description, $0) }.map { [$0] } ?? []
        }
        guard let message = entry.message else { return [] }
        let words = BlindIndex.words(of: message)
        let kept = words.prefix(maxWordsPerMessage).compactMap { IndexTerm(field: field.description, .string($0)) }
        return words.count > maxWordsPerMessage ? kept + [overflowTerm] : kept
    }

    /// The words of a message as a query's words match them (docs/query-language.md#filters): the message in lower
    /// case, cut into runs of letters and digits; each once, in order.
    static func words(of message: String) -> [String] {
        var words: [String] = []
        var seen: Set<Substring> = []
        let text = message.lowercased()
        var start: String.Index?
        for index in text.indices {
            if MessageText.isWordCharacter(text[index]) {
                if start == nil { start = index }
            } else if let from = start {
                if seen.insert(text[from..<index]).inserted { words.append(String(text[from..<index])) }
                start = nil
            }
        }
        if let from = start, seen.insert(text[from...]).inserted { words.append(String(text[from...])) }
        return words
    }

    /// The term of every message with more than `maxWordsPerMessage` words: no word's term (a word's value starts
    /// with `s`).
    static let overflowTerm = IndexTerm(field: QueryField.message.description, value: Array("o".utf8))

    /// The equalities of `filter` that an index can answer, and its words (of letters and digits) that an index of
    /// the message can: each alone or in the top-level `and`, so every entry the filter passes also passes it, on
    /// an indexable field that the query language names the same way again (a quoted `"trace_id"` is an attribute,
    /// not the trace id). In the filter's order.
    public static func lookups(in filter: QueryFilter?) -> [IndexLookup] {
        switch filter {
        case .and(let parts): parts.flatMap { lookups(in: $0) }
        case .word(let word):
            // A word of letters and digits is one run of a message that holds it; any other has no term.
            if !word.isEmpty, word.allSatisfy(MessageText.isWordCharacter),
               let term = IndexTerm(field: QueryField.message.description, .string(word)) {
                [IndexLookup(field: .message, terms: [term, overflowTerm])]
            } else {
                []
            }
        case .field(let field, .compare(.equal, let value)):
            if isIndexable(field), field != .message, QueryField(name: field.description) == field,
               let terms = terms(equalTo: value, field: field.description) {
                [IndexLookup(field: field, terms: terms)]
            } else {
                []
            }
        default: []
        }
    }

    /// The terms of every value equal to `value` (`FieldTest.equals`): a literal is the string it is written as,
    /// the number it reads as, the boolean `true` or `false` in any case; nil when the values equal to it have no
    /// few terms (a whole number past 2^53 written in a way that no `Int64` reads: it equals several integers).
    static func terms(equalTo value: QueryValue, field: String) -> [IndexTerm]? {
        switch value {
        case .bytes(let bytes):
            return [IndexTerm(field: field, value: Array("x".utf8) + bytes)]
        case .literal(let text, let number):
            var values: [AnyValue] = [.string(text)]
            if let exact = Int64(text) {
                values.append(.int(exact))
            } else if let number, number.rounded() == number, abs(number) >= 0x1p53 {
                return nil
            }
            if let number { values.append(.double(number)) }
            switch text.lowercased() {
            case "true": values.append(.bool(true))
            case "false": values.append(.bool(false))
            default: break
            }
            var terms: [IndexTerm] = []
            for term in values.compactMap({ IndexTerm(field: field, $0) }) where !terms.contains(term) { terms.append(term) }
            return terms
        case .severity, .time:
            return nil
        }
    }
}

/// An equality of a query that an index answers: the entries it passes all have one of `terms` for `field`.
public struct IndexLookup: Sendable, Equatable {
    public let field: QueryField
    public let terms: [IndexTerm]
}
