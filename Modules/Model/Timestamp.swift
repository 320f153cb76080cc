/// A point in time with microsecond precision, counted from the Unix epoch in UTC.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// RFC 3339 in UTC with microseconds, e.g. `2026-11-29T04:18:29.123456Z`.
    public var rfc3339: String {
        let seconds = Int64.floorDivide(microseconds, 1_000_000)
        let fraction = microseconds - seconds * 1_000_000
        let days = Int64.floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.date(days: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay % 3600 / 60, 2) + ":"
            + pad(secondOfDay % 60, 2) + "." + pad(fraction, 6) + "Z"
    }

    public var description: String { rfc3339 }

    private func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
