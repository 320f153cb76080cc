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
