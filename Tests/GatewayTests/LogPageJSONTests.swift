import Foundation
@testable import Gateway
import Model
import Testing

@Suite("The GET /logs page written by hand")
struct LogPageJSONTests {
    /// Messages and attribute values that exercise every escaping rule.
    static let awkward: [String] = [
        "plain", "", #"quote " and backslash \ and slash /"#, "line\nbreak\r\ttab\u{8}\u{C}",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }), "del \u{7F}", "ünïcödé ✓ 🚀 \u{2028}\u{2029}",
        "<script>&amp;</script>", "\u{0}nul",
    ]

    @Test("is byte for byte what the service's JSON encoder writes", arguments: [true, false])
    func matchesTheEncoder(lastPage: Bool) throws {
        let time = Timestamp(microseconds: 1_764_412_800_123_456)
        var logs = LogPageJSONTests.awkward.enumerated().map { index, message in
            LogEntry(id: "id-\(index)/\"x\"", timestamp: Timestamp(microseconds: time.microseconds + Int64(index)),
                     severity: [.debug, .info, .warning, .error, .critical][index % 5], message: message,
                     attributes: index % 2 == 0 ? [:] : ["zeta": message, "alpha": "a", "k/\(index)": "\u{1}"])
        }
        logs.append(LogEntry(id: "broken", timestamp: time, severity: .error, message: nil,
                             failure: ServiceError(.decryptionFailed, "the entry \"broken\" cannot be decrypted")))
        let page = LogPage(logs: logs, nextCursor: lastPage ? nil : "cursor/with+odd=chars")
        let encoded = try JSONCoding.encoder().encode(LogPageResponse(page: page))
        #expect(String(decoding: LogPageResponse(page: page).json, as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
    }

    @Test("of an empty page")
    func emptyPage() throws {
        let page = LogPage(logs: [], nextCursor: nil)
        #expect(LogPageResponse(page: page).json == Array(try JSONCoding.encoder().encode(LogPageResponse(page: page))))
    }
}
