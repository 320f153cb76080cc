import QueryLanguage
import Testing

/// The reference the byte search must agree with: the message in Unicode lower case, searched Character by Character.
private func reference(_ message: String, _ needle: String, word: Bool, prefix: Bool) -> Bool {
    let text = message.lowercased()
    guard word else { return text.contains(needle) }
    func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }
    var from = text.startIndex
    while let found = text[from...].firstRange(of: needle) {
        let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
        let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
        if !(before.map(isWordCharacter) ?? false), prefix || !(after.map(isWordCharacter) ?? false) { return true }
        from = text.index(after: found.lowerBound)
    }
    return false
}

@Suite("Case-insensitive search of a message")
struct MessageTextTests {
    @Test("finds words, prefixes and phrases regardless of case, at word boundaries", arguments: [
        ("Payment TIMED out", "timed", true, false, true), ("Payment timedout", "timed", true, false, false),
        ("Payment timedout", "timed", true, true, true), ("xtimed", "timed", true, true, false),
        ("a\r\nb", "b", true, false, true), ("Timed-out", "out", true, false, true), ("a_b", "b", true, false, true),
        ("Ünïcode TIMED out", "timed", true, false, true), ("ÄRGER", "ärger", true, false, true), ("x5000", "5000", true, false, false),
        ("Payment Timed Out", "timed out", false, false, true), ("a\r\nb", "a\r", false, false, false),
    ])
    func examples(message: String, needle: String, word: Bool, prefix: Bool, expected: Bool) {
        var text = MessageText(message)
        #expect(text.contains(needle, word: word, prefix: prefix) == expected)
        #expect(reference(message, needle, word: word, prefix: prefix) == expected)
    }

    @Test("agrees with the Unicode search on 20,000 random messages of ASCII, CR LF included")
    func agreesWithUnicode() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abAB1_ -.\r\n\t@`[{")
        for _ in 0..<20_000 {
            let message = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
            let needle = String((0..<Int.random(in: 1...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" }).lowercased()
            for (word, prefix) in [(false, false), (true, false), (true, true)] {
                var text = MessageText(message)
                #expect(text.contains(needle, word: word, prefix: prefix) == reference(message, needle, word: word, prefix: prefix),
                        "\(message.debugDescription) \(needle.debugDescription) word: \(word) prefix: \(prefix)")
            }
        }
    }
}
