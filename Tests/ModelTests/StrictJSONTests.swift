import Foundation
import Model
import Testing

@Suite("The strict JSON front door")
struct StrictJSONTests {
    private func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode { try JSONParser.parse(Array(text.utf8)) }

    private func refusal(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do { _ = try JSONParser.parse(bytes); return nil } catch { return error }
    }

    @Test("refuses an object that names a member twice, at any depth and in any object size", arguments: [
        #"{"severity":"debug","severity":"critical","message":"m"}"#,
        #"{"entries":[],"entries":[{"severity":"info","message":"m"}]}"#,
        #"[{"a":1},{"b":{"c":1,"c":1}}]"#,
        "{" + (0..<40).map { #""k\#($0)":0,"# }.joined() + #""k7":1}"#,
        #"{"a":1,"\u0061":2}"#,
    ])
    func duplicateNames(text: String) {
        #expect(refusal(Array(text.utf8))?.rule == .duplicateName)
    }

    @Test("refuses bytes that are not UTF-8, inside a string or outside one")
    func notUTF8() {
        let inString = Array(#"{"message":"a"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let outside = Array(#"{"message":"a","#.utf8) + [0xFF] + Array(#""x":1}"#.utf8)
        let overlong = Array(#"["#.utf8) + [0x22, 0xC0, 0xAF, 0x22] + Array("]".utf8)
        let surrogateBytes = Array(#"[""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""]"#.utf8)
        for bytes in [inString, outside, overlong, surrogateBytes] {
            #expect(refusal(bytes)?.rule == .notUTF8)
        }
    }

    @Test("skips one leading byte order mark, and only one")
    func byteOrderMark() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)) == .object([JSONMember(name: "a", value: .number("1"))]))
        #expect(refusal([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("1".utf8))?.rule == .unexpectedByte)
    }

    @Test("allows 64 levels of nesting and refuses the 65th")
    func depth() throws {
        _ = try parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        #expect(refusal(Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8))?.rule == .tooDeep)
        #expect(refusal(Array((String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)).utf8))?.rule == .tooDeep)
    }

    @Test("keeps a number's text exactly as received")
    func numberText() throws {
        #expect(try parse("12345678901234567890") == .number("12345678901234567890"))
        #expect(try parse("[-0.000, 1E+400, 2e-7]") == .array([.number("-0.000"), .number("1E+400"), .number("2e-7")]))
    }

    @Test("refuses what RFC 8259 does not allow", arguments: [
        ("01", JSONSyntaxError.Rule.invalidNumber), ("1.", .invalidNumber), (".5", .unexpectedByte), ("+1", .unexpectedByte),
        ("-", .invalidNumber), ("1e", .invalidNumber), ("NaN", .unexpectedByte), ("[1,]", .unexpectedByte),
        (#"{"a":1,}"#, .unexpectedByte), ("{'a':1}", .unexpectedByte), (#"{"a" 1}"#, .unexpectedByte), ("tru", .unexpectedEnd),
        ("nul1", .unexpectedByte), ("[1] [2]", .trailingContent), ("", .unexpectedEnd), ("  ", .unexpectedEnd),
        (#""\x41""#, .invalidEscape), (#""\u12G4""#, .invalidEscape), ("\"a\u{1}b\"", .controlCharacter),
        ("\"tab\there\"", .controlCharacter), (#""\uD800""#, .loneSurrogate), (#""\uDC00\uD800""#, .loneSurrogate),
        (#""\uD800\u0041""#, .loneSurrogate), ("{é:1}", .unexpectedByte), (#"["unterminated"#, .unexpectedEnd), ("/* comment */ 1", .unexpectedByte),
    ])
    func grammar(text: String, rule: JSONSyntaxError.Rule) {
        #expect(refusal(Array(text.utf8))?.rule == rule, "\(text)")
    }

    @Test("reads escapes and surrogate pairs into the characters they stand for")
    func escapes() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\uD83D\uDE00""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\té😀"))
    }

    @Test("says which rule a document broke and where, never what it held")
    func describesWithoutEcho() {
        let error = refusal(Array(#"{"severity":"<script>","severity":"x"}"#.utf8))
        #expect(error?.offset == 23)
        let described = JSONCoding.describe(error as (any Error)? ?? CancellationError())
        #expect(described == "the body is not valid JSON: it repeats a member name in one object (at byte 23)")
        #expect(!described.contains("script"))
    }

    private struct Entry: Decodable, Equatable {
        let count: Int
        let ratio: Double?
        let tags: [String]
        let labels: [String: String]
        let blob: Data?
    }

    @Test("decodes types as Foundation's decoder does: keys, optionals, arrays, string maps and base64 data")
    func decodes() throws {
        let text = #"{"count":3,"ratio":0.5,"tags":["a","b"],"labels":{"x":"1"},"blob":"AAEC"}"#
        let entry = try JSONCoding.decoder().decode(Entry.self, from: Array(text.utf8))
        #expect(entry == Entry(count: 3, ratio: 0.5, tags: ["a", "b"], labels: ["x": "1"], blob: Data([0, 1, 2])))
        let bare = try JSONCoding.decoder().decode(Entry.self, from: Array(#"{"count":-1,"ratio":null,"tags":[],"labels":{}}"#.utf8))
        #expect(bare == Entry(count: -1, ratio: nil, tags: [], labels: [:], blob: nil))
    }

    @Test("refuses an integer field written as a fraction, or past its type's range, naming the field", arguments: [
        #"{"count":1.0,"tags":[],"labels":{}}"#, #"{"count":1e2,"tags":[],"labels":{}}"#,
        #"{"count":99999999999999999999,"tags":[],"labels":{}}"#,
    ])
    func integers(text: String) {
        #expect {
            try JSONCoding.decoder().decode(Entry.self, from: Array(text.utf8))
        } throws: { error in
            JSONCoding.describe(error) == "`count` is invalid: not an integer in range"
        }
    }

    @Test("names the field of a wrong type or a missing one")
    func decodingErrors() {
        func describe(_ text: String) -> String {
            do { _ = try JSONCoding.decoder().decode(Entry.self, from: Array(text.utf8)); return "" } catch { return JSONCoding.describe(error) }
        }
        #expect(describe(#"{"count":"3","tags":[],"labels":{}}"#) == "`count` has the wrong type (expected number)")
        #expect(describe(#"{"count":3,"tags":[1],"labels":{}}"#) == "`tags[0]` has the wrong type (expected string)")
        #expect(describe(#"{"count":3,"tags":[],"labels":{"k":2}}"#) == "`labels.k` has the wrong type (expected string)")
        #expect(describe(#"{"count":3,"labels":{}}"#) == "missing required field `tags`")
        #expect(describe(#"{"count":null,"tags":[],"labels":{}}"#) == "`count` must be a number, not null")
    }

    @Test("JSON values keep integers within Int64 as integers and other numbers as doubles")
    func jsonValues() throws {
        let value = try JSONCoding.decoder().decode(JSONValue.self, from: Array(#"{"exp":1764412800,"r":1.5,"big":1e300,"g":["a"]}"#.utf8))
        #expect(value == .object(["exp": .integer(1_764_412_800), "r": .number(1.5), "big": .number(1e300), "g": .array([.string("a")])]))
    }
}
