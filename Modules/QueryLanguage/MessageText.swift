/// One entry's message, searched case-insensitively for the words, word prefixes and phrases of a filter
/// (docs/query-language.md#filters), and for the old `q` substring. The reference is Unicode: the message in lower
/// case, searched Character by Character, as Swift compares strings. A message of ASCII only is searched byte by
/// byte instead, without a copy, for a needle of ASCII without CR or LF, which finds exactly the same: there a
/// Character is one byte (CR LF aside, which such a needle cannot split) and lower case is A-Z to a-z.
public struct MessageText {
    private let message: String
    private var ascii: Bool?
    private var lowercased: String?

    public init(_ message: String) {
        self.message = message
    }

    /// Whether the message holds `needle` (in lower case): anywhere when `word` is false; else with no letter or
    /// digit just before it and, unless `prefix`, none just after it.
    public mutating func contains(_ needle: String, word: Bool, prefix: Bool = false) -> Bool {
        if needle.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }), isASCII,
           let found = message.utf8.withContiguousStorageIfAvailable({ text in
               needle.utf8.withContiguousStorageIfAvailable { MessageText.search(text, for: $0, word: word, prefix: prefix) }
           }), let found {
            return found
        }
        if lowercased == nil { lowercased = message.lowercased() }
        let text = lowercased ?? ""
        return word ? MessageText.containsWord(text, needle, prefix: prefix) : text.contains(needle)
    }

    private var isASCII: Bool {
        mutating get {
            if let ascii { return ascii }
            let found = message.utf8.allSatisfy { $0 < 0x80 }
            ascii = found
            return found
        }
    }

    /// The byte search: `text` ASCII, `needle` ASCII in lower case.
    static func search(_ text: UnsafeBufferPointer<UInt8>, for needle: UnsafeBufferPointer<UInt8>, word: Bool,
                       prefix: Bool) -> Bool {
        guard let first = needle.first else { return true }
        guard text.count >= needle.count else { return false }
        // The first byte in either case: a letter's upper case differs by 0x20 only.
        let upper = first >= 0x61 && first <= 0x7A ? first & ~0x20 : first
        var start = 0
        let last = text.count - needle.count
        while start <= last {
            let byte = text[start]
            if byte == first || byte == upper {
                var length = 1
                while length < needle.count, lower(text[start + length]) == needle[length] { length += 1 }
                if length == needle.count {
                    let before = start > 0 && isWordByte(text[start - 1])
                    let after = start + needle.count < text.count && isWordByte(text[start + needle.count])
                    if !word || (!before && (prefix || !after)) { return true }
                }
            }
            start += 1
        }
        return false
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// The Unicode search of a word in `text`, already in lower case.
    static func containsWord(_ text: String, _ word: String, prefix: Bool) -> Bool {
        var searchFrom = text.startIndex
        while let found = text[searchFrom...].firstRange(of: word) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before.map(isWordCharacter) ?? false), prefix || !(after.map(isWordCharacter) ?? false) { return true }
            searchFrom = text.index(after: found.lowerBound)
        }
        return false
    }

    static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }
}
