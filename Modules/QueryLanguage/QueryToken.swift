/// One token of a query (docs/query-language.md#grammar), with the character offset it starts at.
struct QueryToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A bare word: letters, digits and `_ . - / @ +`; one that starts with a digit may also hold `:` (times).
        case word(String)
        /// A double-quoted string, its escapes (`\"`, `\\`) resolved.
        case string(String)
        /// Punctuation and operators: `( ) [ ] , | : * = != < <= > >= =~ !~ !`.
        case symbol(String)
        case end
    }

    let kind: Kind
    /// Characters before the token's first (0-based); errors report it 1-based as a column.
    let offset: Int

    /// How an error names the token.
    var description: String {
        switch kind {
        case .word(let text): "'\(text)'"
        case .string(let text): "\"\(text)\""
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the query"
        }
    }

    /// The word in lower case, when the token is a bare word (keywords are case-insensitive).
    var keyword: String? {
        if case .word(let text) = kind { text.lowercased() } else { nil }
    }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }

    /// The text of a value: a bare word or a string.
    var value: String? {
        switch kind {
        case .word(let text), .string(let text): text
        default: nil
        }
    }
}
