import Model
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test("formats RFC 3339 in UTC with microseconds", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (1_700_000_000_123_456, "2023-11-14T22:13:20.123456Z"),
        (951_782_400_000_001, "2000-02-29T00:00:00.000001Z"),
        (4_102_444_799_999_999, "2099-12-31T23:59:59.999999Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (253_402_300_800_000_000, "10000-01-01T00:00:00.000000Z"),
    ])
    func rfc3339(micros: Int64, expected: String) {
        #expect(Timestamp(microseconds: micros).rfc3339 == expected)
    }

    @Test("now is after 2026 and moves forward")
    func now() {
        let first = Timestamp.now()
        #expect(first.rfc3339 > "2026")
        #expect(Timestamp.now() >= first)
    }
}

@Suite("RFC 3339 parsing")
struct TimestampParsingTests {
    @Test("reads UTC and offset times, with or without a fraction, back to the same instant", arguments: [
        ("2023-11-14T22:13:20.123456Z", Int64(1_700_000_000_123_456)),
        ("2023-11-14T22:13:20Z", 1_700_000_000_000_000),
        ("2023-11-14T23:13:20.5+01:00", 1_700_000_000_500_000),
        ("2023-11-14T17:43:20-04:30", 1_700_000_000_000_000),
        ("2000-02-29T00:00:00.000001Z", 951_782_400_000_001),
        ("1970-01-01T00:00:00.1234567Z", 123_456),
        ("1970-01-01T01:00:00.123456789012345+01:00", 123_456),
        ("1970-01-01T00:00:00.1234567890123456789012Z", 123_456),
        ("2016-12-31T23:59:60Z", 1_483_228_799_999_999),
    ])
    func parses(text: String, micros: Int64) {
        #expect(Timestamp(rfc3339: text)?.microseconds == micros)
    }

    @Test("keeps the nanoseconds past the microsecond of a fraction of up to nine digits", arguments: [
        ("2026-11-29T04:18:29.123456789Z", 789), ("2026-11-29T06:18:29.1234567+02:00", 700), ("2026-11-29T04:18:29.5Z", 0),
        ("2026-11-29T04:18:29.1234567891Z", 789),
    ])
    func nanoseconds(text: String, nanoseconds: Int) {
        let parsed = Timestamp.parse(rfc3339: text)
        #expect(parsed?.nanoseconds == nanoseconds)
        #expect(parsed?.timestamp == Timestamp(rfc3339: text))
    }

    @Test("round-trips what it formats")
    func roundTrip() {
        let now = Timestamp.now()
        #expect(Timestamp(rfc3339: now.rfc3339) == now)
    }

    @Test("rejects malformed and impossible times", arguments: [
        "", "2023-11-14", "2023-11-14 22:13:20", "2023-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2023-11-31T00:00:00Z",
        "2023-11-14T24:00:00Z", "2023-11-14T22:60:00Z", "2023-11-14T22:13:20.Z", "2023-11-14T22:13:20+0100",
        "2023-11-14T22:13:20Zjunk", "yesterday", "2023-11-14T22:13:20+25:00", "2023-11-14T22:13:61Z",
        "2023-11-14T22:13:20." + String(repeating: "1", count: 50) + "Z",  // past 64 characters
    ])
    func rejects(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }
}
