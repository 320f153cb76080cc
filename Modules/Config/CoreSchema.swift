/// Recognises the YAML 1.2 core schema's integer and float spellings.
enum CoreSchema {
    /// The digits (with sign) and radix of a core-schema integer: `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`.
    static func integerDigits(_ text: String) -> (digits: String, radix: Int)? {
        if text.hasPrefix("0x") {
            let digits = text.dropFirst(2)
            return !digits.isEmpty && digits.allSatisfy(\.isHexDigit) ? (String(digits), 16) : nil
        }
        if text.hasPrefix("0o") {
            let digits = text.dropFirst(2)
            return !digits.isEmpty && digits.allSatisfy({ ("0"..."7").contains($0) }) ? (String(digits), 8) : nil
        }
        let unsigned = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !unsigned.isEmpty && unsigned.allSatisfy(isDecimalDigit) ? (text, 10) : nil
    }

    /// `.inf`, `-.inf`, `.nan` and their capitalised forms.
    static func specialFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": .infinity
        case "-.inf", "-.Inf", "-.INF": -.infinity
        case ".nan", ".NaN", ".NAN": .nan
        default: nil
        }
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, rewritten so Swift's parser accepts it.
    static func floatLiteral(_ text: String) -> String? {
        var rest = Substring(text)
        var sign = ""
        if let first = rest.first, first == "-" || first == "+" {
            sign = String(first)
            rest = rest.dropFirst()
        }
        let integer = rest.prefix(while: isDecimalDigit)
        rest = rest.dropFirst(integer.count)
        var fraction: Substring = ""
        if rest.first == "." {
            rest = rest.dropFirst()
            fraction = rest.prefix(while: isDecimalDigit)
            rest = rest.dropFirst(fraction.count)
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        var exponent = ""
        if let first = rest.first, first == "e" || first == "E" {
            rest = rest.dropFirst()
            var exponentSign = ""
            if let first = rest.first, first == "-" || first == "+" {
                exponentSign = String(first)
                rest = rest.dropFirst()
            }
            let digits = rest.prefix(while: isDecimalDigit)
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
            exponent = "e\(exponentSign)\(digits)"
        }
        guard rest.isEmpty else { return nil }
        return "\(sign)\(integer.isEmpty ? "0" : integer).\(fraction.isEmpty ? "0" : fraction)\(exponent)"
    }

    private static func isDecimalDigit(_ character: Character) -> Bool {
        ("0"..."9").contains(character)
    }
}
