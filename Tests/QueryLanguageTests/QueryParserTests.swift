import Model
import QueryLanguage
import Testing

@Suite("The query language: what each query means (its parse tree), or where it is wrong")
struct QueryParserTests {
    @Test("filters", arguments: [
        ("timeout", "(word timeout)"),
        ("Timeout retry", "(and (word timeout) (word retry))"),
        ("timeout AND retry", "(and (word timeout) (word retry))"),
        ("timeout or retry and not cancelled", "(or (word timeout) (and (word retry) (not (word cancelled))))"),
        ("(timeout or retry) and !cancelled", "(and (or (word timeout) (word retry)) (not (word cancelled)))"),
        ("conn*", "(word-prefix conn)"),
        (#""Connection Reset by peer""#, #"(phrase "connection reset by peer")"#),
        ("severity >= warning", "(>= severity warning)"),
        ("level = ERR", "(= severity error)"),
        ("service.name = checkout", #"(= service.name "checkout")"#),
        (#"resource.service.name = "check out""#, #"(= resource.service.name "check out")"#),
        ("attributes.http.status_code >= 500", "(>= attributes.http.status_code 500)"),
        ("http.status_code != 200", "(!= http.status_code 200)"),
        ("duration_ms < 2.5", "(< duration_ms 2.5)"),
        ("user.id:*", "(exists user.id)"),
        ("not user.id:*", "(not (exists user.id))"),
        (#"url.path = "/api/"*"#, #"(prefix url.path "/api/")"#),
        (#"message =~ "time.?out""#, #"(=~ message "time.?out")"#),
        (#"user_agent !~ "(?i)bot""#, #"(!~ user_agent "(?i)bot")"#),
        ("trace_id = 5B8EFFF798038103D269B633813FC60C", "(= trace_id 0x5b8efff798038103d269b633813fc60c)"),
        ("span_id = eee19b7ec3c1b174", "(= span_id 0xeee19b7ec3c1b174)"),
        ("time:15m", "(last time 900s)"),
        ("time >= 2026-11-30T00:00:00Z", "(>= time @1795996800000000000)"),
        ("time < 2026-11-30T02:00:00+02:00", "(< time @1795996800000000000)"),
        ("time:[2026-11-30T00:00:00Z, 2026-11-30T00:00:00.000000001Z)",
         "(and (>= time @1795996800000000000) (< time @1795996800000000001))"),
        ("time:(2026-11-30T00:00:00Z, \"2026-12-01T00:00:00Z\"]", "(and (> time @1795996800000000000) (<= time @1796083200000000000))"),
        (#""odd key!" = 1"#, "(= odd key! 1)"),
        ("| stats count()", "(all) | (stats (count * as count()))"),
    ])
    func filters(query: String, tree: String) throws {
        #expect(try QueryParser.parse(query).description == tree)
    }

    @Test("pipes", arguments: [
        ("error | fields time, message, service.name", "(word error) | (fields time message service.name)"),
        ("| sort by duration_ms desc, time | limit 20", "(all) | (sort duration_ms desc, time asc) | (limit 20)"),
        ("severity >= error | stats count() as errors by bin(1m), resource.service.name",
         "(>= severity error) | (stats (count * as errors) by (bin 60s) resource.service.name)"),
        ("| stats count_distinct(user.id), avg(duration_ms) as mean, max(duration_ms) by bin(1d, Europe/Paris)",
         "(all) | (stats (count_distinct user.id as count_distinct(user.id)) (avg duration_ms as mean) "
             + "(max duration_ms as max(duration_ms)) by (bin 86400s Europe/Paris))"),
    ])
    func pipes(query: String, tree: String) throws {
        #expect(try QueryParser.parse(query).description == tree)
    }

    @Test("errors name the column and what was expected there", arguments: [
        ("severity >= loud", 13, "a severity (debug, info, warning, error, critical)"),
        ("(timeout or retry", 18, "')' to close the '(' at column 1"),
        ("timeout or", 11, "a word, a \"phrase\", a field test or '('"),
        ("status >= ok", 11, "a number after '>=' (only numbers, times and severities are ordered)"),
        ("time >= yesterday", 9, "an RFC 3339 time such as 2026-11-30T00:00:00Z"),
        ("time:15x", 6, "a duration such as 15m, or a range such as [2026-11-30T00:00:00Z, 2026-12-01T00:00:00Z)"),
        ("trace_id = abc", 12, "32 hex digits"),
        ("user.id:", 9, "'*' (present) after 'user.id:'"),
        ("\"unclosed", 1, "a closing '\"'"),
        ("error ; drop", 7, "a word, a \"string\", an operator or a parenthesis"),
        ("error | frobnicate", 9, "a pipe: fields, sort, limit or stats"),
        ("| stats count() by bin(5)", 24, "a bucket size such as 5m, 1h or 1d"),
        ("| stats sum()", 13, "a field in sum(...)"),
        ("| limit 0", 9, "a number of entries from 1 to 10000 after 'limit'"),
        (#"message =~ "(a""#, 15, "')' to close the group in the regular expression"),
        (#"message =~ "a**""#, 15, "something to repeat before '*' in the regular expression"),
        ("severity > error *", 18, "no '*' (a prefix is written field = \"text\"* on a text field)"),
        ("\"\"", 1, "a phrase of one character or more"),
    ])
    func errors(query: String, column: Int, expected: String) {
        #expect(throws: QuerySyntaxError.self) { try QueryParser.parse(query) }
        do {
            _ = try QueryParser.parse(query)
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.expected == expected, "\(error)")
            #expect(error.description.hasPrefix("query: column \(column): expected "))
        }
    }

    @Test("a query is at most 4096 bytes and nests at most 32 deep")
    func bounds() {
        #expect(throws: QuerySyntaxError.self) { try QueryParser.parse(String(repeating: "a ", count: 2049)) }
        #expect(throws: Never.self) { try QueryParser.parse(String(repeating: "(", count: 32) + "a" + String(repeating: ")", count: 32)) }
        #expect(throws: QuerySyntaxError.self) { try QueryParser.parse(String(repeating: "(", count: 33) + "a" + String(repeating: ")", count: 33)) }
        #expect(throws: QuerySyntaxError.self) { try QueryParser.parse(String(repeating: "not ", count: 40) + "a") }
    }
}
