extension Timestamp {
    /// Parses RFC 3339 (`2026-11-29T04:18:29Z`, an optional fraction (digits past microseconds are
    /// dropped), `Z` or `±HH:MM`, at most 64 characters); nil for anything else, including impossible dates.
    public init?(rfc3339 text: String) {
        guard let parsed = Timestamp.parse(rfc3339: text) else { return nil }
        self = parsed.timestamp
    }

    /// RFC 3339 as `init(rfc3339:)` reads it, and the nanoseconds past the microsecond that the fraction gives
    /// (0-999; digits past nanoseconds are dropped).
    public static func parse(rfc3339 text: String) -> (timestamp: Timestamp, nanoseconds: Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 64 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard index < bytes.count, (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int64(bytes[index] - 48)
            }
            return value
        }
        func byte(_ index: Int, _ allowed: String) -> Bool {
            index < bytes.count && allowed.utf8.contains(bytes[index])
        }
        guard let year = number(0..<4), byte(4, "-"), let month = number(5..<7), byte(7, "-"), let day = number(8..<10),
              byte(10, "Tt "), let hour = number(11..<13), byte(13, ":"), let minute = number(14..<16), byte(16, ":"),
              let second = number(17..<19), (1...12).contains(month), day >= 1,
              day <= CivilDate.days(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
                - CivilDate.days(year: year, month: month, day: 1),
              hour < 24, minute < 60, second <= 60 else { return nil }
        var index = 19
        var nanos: Int64 = 0
        if byte(index, ".") {
            index += 1
            var digits = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                if digits < 9 { nanos = nanos * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var micros = nanos / 1000
        var offsetSeconds: Int64 = 0
        if byte(index, "Zz"), index + 1 == bytes.count {
            offsetSeconds = 0
        } else if byte(index, "+-"), index + 6 == bytes.count, let offsetHours = number(index + 1..<index + 3),
                  byte(index + 3, ":"), let offsetMinutes = number(index + 4..<index + 6), offsetHours < 24, offsetMinutes < 60 {
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        // A leap second (`:60`) is read as the last microsecond of the minute it ends.
        if second == 60 { (micros, nanos) = (999_999, 999_999_999) }
        let seconds = CivilDate.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
            + min(second, 59) - offsetSeconds
        return (Timestamp(microseconds: seconds * 1_000_000 + micros), Int(nanos % 1000))
    }
}
