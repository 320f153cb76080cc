import Model
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A whole second in UTC, as SigV4 stamps requests with it.
public struct AWSDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// The given UTC calendar date and time (proleptic Gregorian); nil when a field is out of range.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...12).contains(month), (1...AWSDate.daysIn(month: month, year: year)).contains(day),
              (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second)
        else { return nil }
        let days = CivilDate.days(year: Int64(year), month: Int64(month), day: Int64(day))
        secondsSince1970 = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Parses an amz-date such as `20150830T123600Z`.
    public init?(amzDate: String) {
        let characters = Array(amzDate.utf8)
        guard characters.count == 16, characters[8] == UInt8(ascii: "T"), characters[15] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for character in characters[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character) else { return nil }
                value = value * 10 + Int(character - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The current wall-clock time, truncated to the second.
    public static func now() -> AWSDate {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return AWSDate(secondsSince1970: Int64(spec.tv_sec))
    }

    /// `YYYYMMDD'T'HHMMSS'Z'`, the value of `X-Amz-Date`.
    public var amzDate: String {
        let secondOfDay = Int(secondsSince1970 - dayNumber * 86_400)
        return dateStamp + "T" + AWSDate.pad(secondOfDay / 3600) + AWSDate.pad(secondOfDay % 3600 / 60)
            + AWSDate.pad(secondOfDay % 60) + "Z"
    }

    /// `YYYYMMDD`, the date in the credential scope.
    public var dateStamp: String {
        let (year, month, day) = CivilDate.date(days: dayNumber)
        let yearDigits = String(year)
        let paddedYear = String(repeating: "0", count: max(0, 4 - yearDigits.count)) + yearDigits
        return paddedYear + AWSDate.pad(Int(month)) + AWSDate.pad(Int(day))
    }

    public var description: String { amzDate }

    public static func < (lhs: AWSDate, rhs: AWSDate) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    private var dayNumber: Int64 {
        let (quotient, remainder) = secondsSince1970.quotientAndRemainder(dividingBy: 86_400)
        return remainder < 0 ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
