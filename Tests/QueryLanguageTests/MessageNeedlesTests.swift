import Model
import QueryLanguage
import Testing

@Suite("Rejecting an entry from its payload's bytes, before decoding it")
struct MessageNeedlesTests {
    private func entry(_ bytes: [UInt8]) -> LogEntry {
        LogEntry(id: "1", timestamp: Timestamp(microseconds: 0), severity: .info, payload: EntryPayload(bytes: bytes))
    }

    @Test("a message of ASCII without the word is rejected in every encoding; one that may hold it is not")
    func encodings() throws {
        let filter = try #require(try QueryParser.parse("zyzzyva and severity >= info").filter)
        let needles = MessageNeedles(filter: filter, substring: nil)
        let plain = EntryPayload(message: "nothing here").bytes
        let strings = EntryPayload(message: "nothing here", attributes: ["k": "zyzzyva"]).bytes
        let typed = EntryPayload(message: "nothing here", attributes: ["n": 200, "zyzzyva": true]).bytes
        #expect([plain, strings, typed].map { needles.mayAdmit($0) } == [false, false, false], "the word is outside the message")
        let found = EntryPayload(message: "A ZyZzYvA", attributes: ["n": 200]).bytes
        #expect(needles.mayAdmit(found))
        #expect(needles.mayAdmit(EntryPayload(message: "\u{212A}elvin and zyzzyva").bytes), "not ASCII: decoded and checked")
        // Earlier versions wrote a message starting with 0x01 as its bare bytes; they do not parse as the third encoding.
        let legacy = [UInt8(1)] + Array("abc zyzzyva".utf8)
        #expect(entry(legacy).message == "\u{01}abc zyzzyva")
        #expect(needles.mayAdmit(legacy))
        #expect(!needles.mayAdmit([UInt8(1)] + Array("abc".utf8)))
    }

    @Test("never rejects an entry the filter admits, over 5,000 random payloads and filters")
    func neverRejectsAMatch() throws {
        var generator = SystemRandomNumberGenerator()
        let words = ["timeout", "Timeout", "TIME", "zyzzyva", "caf\u{E9}", "cafe\u{301}", "a\r\nb", "\u{212A}", "\u{01}x", "out-of"]
        var rejected = 0
        for _ in 0..<5_000 {
            let message = (0..<Int.random(in: 0...4, using: &generator)).map { _ in words.randomElement(using: &generator) ?? "" }.joined(separator: " ")
            var payload = EntryPayload(message: message)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: break
            case 1: payload.attributes = ["k": .string(words.randomElement(using: &generator) ?? "")]
            default: payload.attributes = ["n": .int(Int64.random(in: 0...100_000, using: &generator))]
            }
            let bytes = Bool.random(using: &generator) ? payload.bytes : [1] + Array(message.utf8)
            let needle = (words.randomElement(using: &generator) ?? "x").lowercased()
            for query in ["\"\(needle)\"", "\"\(needle)\" and severity >= info", "\"\(needle)\"*"] {
                guard let filter = try? QueryParser.parse(query).filter else { continue }
                let needles = MessageNeedles(filter: filter, substring: nil)
                if !needles.mayAdmit(bytes) {
                    rejected += 1
                    #expect(!filter.matches(entry(bytes), now: Timestamp(microseconds: 0)), "\(query) \(bytes)")
                }
            }
        }
        #expect(rejected > 1_000, "the byte test rejects most entries that lack the text")
    }
}
