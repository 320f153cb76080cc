/// Splits a query into tokens; a character no token may hold is a `QuerySyntaxError`.
enum QueryLexer {
    static func tokens(_ query: String) throws(QuerySyntaxError) -> [QueryToken] {
        let characters = Array(query)
        var tokens: [QueryToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            let start = index
            if character == "\"" {
                var text = ""
                index += 1
                while true {
                    guard index < characters.count else {
                        throw QuerySyntaxError(offset: start, expected: "a closing '\"'", found: "the end of the query")
                    }
                    let next = characters[index]
                    index += 1
                    if next == "\"" { break }
                    if next == "\\" {
                        guard index < characters.count else {
                            throw QuerySyntaxError(offset: index - 1, expected: "a character after '\\'", found: "the end of the query")
                        }
                        text.append(characters[index])
                        index += 1
                    } else {
                        text.append(next)
                    }
                }
                tokens.append(QueryToken(kind: .string(text), offset: start))
            } else if isWordCharacter(character, leadingDigit: false) {
                let leadingDigit = character.isASCII && character.isNumber
                while index < characters.count, isWordCharacter(characters[index], leadingDigit: leadingDigit) { index += 1 }
                tokens.append(QueryToken(kind: .word(String(characters[start..<index])), offset: start))
            } else if let symbol = symbol(at: index, in: characters) {
                index += symbol.count
                tokens.append(QueryToken(kind: .symbol(symbol), offset: start))
            } else {
                throw QuerySyntaxError(offset: start, expected: "a word, a \"string\", an operator or a parenthesis",
                                       found: "'\(character)'")
            }
        }
        tokens.append(QueryToken(kind: .end, offset: characters.count))
        return tokens
    }

    private static func isWordCharacter(_ character: Character, leadingDigit: Bool) -> Bool {
        if character.isLetter || character.isNumber { return true }
        switch character {
        case "_", ".", "-", "/", "@", "+": return true
        case ":": return leadingDigit
        default: return false
        }
    }

    private static let twoCharacterSymbols: Set<String> = ["!=", "<=", ">=", "=~", "!~"]
    private static let oneCharacterSymbols: Set<Character> = ["(", ")", "[", "]", ",", "|", ":", "*", "=", "<", ">", "!"]

    private static func symbol(at index: Int, in characters: [Character]) -> String? {
        if index + 1 < characters.count, twoCharacterSymbols.contains(String(characters[index...index + 1])) {
            return String(characters[index...index + 1])
        }
        return oneCharacterSymbols.contains(characters[index]) ? String(characters[index]) : nil
    }
}
