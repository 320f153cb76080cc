import Foundation
import QueryLanguage
import Testing

@Suite("Regular expressions in linear time")
struct LinearRegexTests {
    @Test("matches where the pattern occurs, as RE2 would", arguments: [
        ("time.?out", "request timed out", false), ("time.?out", "read timeout after 5s", true),
        ("^GET /api/", "GET /api/v1/users", true), ("^GET /api/", "POST GET /api/", false),
        ("5\\d\\d$", "status 503", true), ("5\\d\\d$", "status 503 later", false),
        ("(?i)ERROR|fatal", "an Error occurred", true), ("(?i)ERROR|fatal", "all good", false),
        ("[a-f0-9]{8}-[a-f0-9]{4}", "id 1b9d6bcd-bbfd-4b2d", true), ("colou?r", "color", true), ("colou?r", "colouur", false),
        ("a{2,3}b", "aab", true), ("a{2,3}b", "ab", false), ("a{2,}b", "aaaaab", true), ("[^ ]+@example\\.com", "mail bob@example.com", true),
        ("\\w+\\s\\w+", "one two", true), ("\\W", "abc_123", false), ("x*", "", true), ("(?:ab)+c", "ababc", true), ("(ab)+c", "acbc", false),
        ("[\\d.]+ms", "took 12.5ms", true), ("é+", "café", true), ("(?i)[A-Z]+", "ok", true), ("a.c", "a\nc", false),
    ])
    func matching(pattern: String, text: String, matches: Bool) throws {
        #expect(try LinearRegex(pattern).matches(text) == matches)
    }

    @Test("agrees with NSRegularExpression on every pattern and text of a generated set")
    func agreesWithFoundation() throws {
        let patterns = ["a+b", "(a|b)*c", "^ab?c$", "[abc]{2}", "a.b", "(ab|a)(bc|c)", "b*", "[^a]c", "(a|ab)+$", "c{1,2}a", "\\d+"]
        var generator = SystemRandomNumberGenerator()
        for pattern in patterns {
            let regex = try LinearRegex(pattern)
            let reference = try NSRegularExpression(pattern: pattern)
            for _ in 0..<300 {
                let text = String((0..<Int.random(in: 0...8, using: &generator)).map { _ in "abc1 ".randomElement(using: &generator)! })
                let expected = reference.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                #expect(regex.matches(text) == expected, "\(pattern) on \(text.debugDescription)")
            }
        }
    }

    @Test("patterns that make a backtracking engine take exponential time answer at once", arguments: [
        "(a+)+b", "(a|a)*b", "(a*)*b", "(a|aa)+$b", "^(\\w+\\s?)*$x",
    ])
    func catastrophicBacktracking(pattern: String) throws {
        // 30,000 characters: a backtracking engine would take longer than the universe has existed.
        #expect(try LinearRegex(pattern).matches(String(repeating: "a", count: 30_000) + "!") == false)
    }

    @Test("refuses what is not a pattern, and a pattern past its compiled size", arguments: [
        "(a", "a)", "[a-", "a{3,2}", "*a", "a**", "\\q", "a{1001}", "(((((((((((a{1000}){1000})))))))))))",
    ])
    func refusals(pattern: String) {
        #expect(throws: LinearRegex.SyntaxError.self) { try LinearRegex(pattern) }
    }
}
