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
                     "status > 5", "timeout", "level = error", "\"trace_id\" = abc", "id = x", "message = hello",
                     "big = 9007199254740993.0", "big = 1e20"] {
            #expect(try lookups(text) == [], "\(text)")
        }
    }
}
