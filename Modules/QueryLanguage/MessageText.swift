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
        guard let first = needle.first, let base = text.baseAddress else { return needle.isEmpty }
        guard text.count >= needle.count else { return false }
        // Where the needle matches at `start`, its first byte already matched.
        func matches(at start: Int) -> Bool {
            var length = 1
            while length < needle.count, lower(text[start + length]) == needle[length] { length += 1 }
            guard length == needle.count else { return false }
            let before = start > 0 && isWordByte(text[start - 1])
            let after = start + needle.count < text.count && isWordByte(text[start + needle.count])
            return !word || (!before && (prefix || !after))
        }
        // The first byte in either case, eight bytes at a time: a letter's two cases differ in bit 0x20 alone, so
        // with that bit set in every byte they are one value; other bytes are compared as they are.
        let fold: UInt64 = first >= 0x61 && first <= 0x7A ? 0x2020_2020_2020_2020 : 0
        let pattern = UInt64(first) &* 0x0101_0101_0101_0101
        let last = text.count - needle.count
        var start = 0
        while start + 8 <= text.count, start <= last {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            let difference = (word | fold) ^ pattern
            // A 0x80 bit in every byte of `difference` that is zero.
            var equal = ~(((difference & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | difference | 0x7F7F_7F7F_7F7F_7F7F)
            while equal != 0 {
                let candidate = start + equal.trailingZeroBitCount / 8
                if candidate <= last, matches(at: candidate) { return true }
                equal &= equal &- 1
            }
            start += 8
        }
        let upper = fold == 0 ? first : first & ~0x20
        while start <= last {
            if text[start] == first || text[start] == upper, matches(at: start) { return true }
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
