import Foundation
import Model
import QueryLanguage
import Testing

private func lookups(_ text: String) throws -> [String] {
    BlindIndex.lookups(in: try QueryParser.parse(text).filter).map { lookup in
        "\(lookup.field) " + lookup.terms.map { String(decoding: $0.value, as: UTF8.self) }.joined(separator: "|")
    }
}

@Suite("Which equalities a blind index answers")
struct BlindIndexLookupTests {
    @Test("an equality alone or in the top-level and, with the terms of every value equal to it")
    func topLevelEqualities() throws {
        #expect(try lookups("service.name = checkout") == ["service.name scheckout"])
        #expect(try lookups("status = 504 and level >= error and resource.region = \"eu\"") == ["status s504|n504", "resource.region seu"])
        #expect(try lookups("flag = TRUE") == ["flag sTRUE|btrue"])
        #expect(try lookups("ratio = 0.5") == ["ratio s0.5|n0.5"])
        #expect(try lookups("big = 9007199254740993") == ["big s9007199254740993|n9007199254740993|n9007199254740992"])
        #expect(try lookups("trace_id = 000102030405060708090a0b0c0d0e0f").count == 1)
    }

    @Test("none under or or not, for inequalities, prefixes and text, for fields the entry key holds, or for a quoted name of a field")
    func noLookup() throws {
        for text in ["service.name = a or service.name = b", "not service.name = a", "service.name != a", "service.name = a*",
                     "status > 5", "level = error", "\"trace_id\" = abc", "id = x", "message = hello",
                     "big = 9007199254740993.0", "big = 1e20"] {
            #expect(try lookups(text) == [], "\(text)")
        }
    }

    @Test("a word of letters and digits, alone or in the top-level and, is a lookup of the message's index: its term and the overflow term")
    func words() throws {
        #expect(try lookups("timeout") == ["message stimeout|o"])
        #expect(try lookups("service.name = a and Timeout and größe") == ["service.name sa", "message stimeout|o", "message sgröße|o"])
        for text in ["timeout or retry", "not timeout", "time*", "\"connection refused\"", "time_out", "message = timeout"] {
            #expect(try lookups(text) == [], "\(text)")
        }
    }

    @Test("an indexed message keeps its words as a query's words match them: lower case, runs of letters and digits, each once")
    func messageTerms() throws {
        let entry = { (message: String) in LogEntry(id: "1", timestamp: Timestamp(microseconds: 0), severity: .info, payload: EntryPayload(message: message)) }
        let terms = BlindIndex.terms(of: .message, in: entry("Connection TIMEOUT after 30s; timeout_again: Größe!"))
        #expect(terms.map { String(decoding: $0.value, as: UTF8.self) } == ["sconnection", "stimeout", "safter", "s30s", "sagain", "sgröße"])
        // Canonically equivalent words have one term: the message's decomposed é, the query's precomposed one.
        let cafe = try #require(BlindIndex.lookups(in: try QueryParser.parse("caf\u{e9}").filter).first?.terms.first)
        #expect(BlindIndex.terms(of: .message, in: entry("CAFE\u{301} open")).first == cafe)
        let long = BlindIndex.terms(of: .message, in: entry((0..<300).map { "w\($0)" }.joined(separator: " ")))
        #expect(long.count == BlindIndex.maxWordsPerMessage + 1)
        #expect(long.last.map { String(decoding: $0.value, as: UTF8.self) } == "o", "a message past the limit carries the overflow term")
        #expect(BlindIndex.terms(of: .message, in: entry("")).isEmpty)
    }
}
