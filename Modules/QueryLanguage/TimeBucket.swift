internal import Foundation
public import Model

/// A bucket of `stats ... by bin(SIZE)` or `bin(SIZE, ZONE)`: where it starts and the UTC offset its label is
/// written at. Ordered by when it starts.
///
/// Without a zone, buckets of SIZE seconds align to the Unix epoch in UTC. With an IANA zone, they align to the
/// zone's wall clock: a bucket under a day starts at a multiple of SIZE past local midnight of 1970-01-01, and is
/// told apart by its offset too, so the hour repeated when the clocks go back is two buckets (`01:00+02:00`, then
/// `01:00+01:00`); whole days start at local midnight (a day of a DST change lasts 23 or 25 hours), and whole
/// weeks on Monday.
public struct TimeBucket: Hashable, Comparable, Sendable {
    public let start: Timestamp
    /// Seconds east of UTC, as the label writes it.
    public let offsetSeconds: Int64

    public static func < (lhs: TimeBucket, rhs: TimeBucket) -> Bool {
        (lhs.start, lhs.offsetSeconds) < (rhs.start, rhs.offsetSeconds)
    }

    /// RFC 3339 at the bucket's offset, e.g. `2026-10-25T02:00:00.000000+01:00`.
    public var label: String { start.rfc3339(offsetSeconds: offsetSeconds) }
}

/// How `bin(SIZE[, ZONE])` places times into buckets (`TimeBucket`).
public struct TimeBinning: Sendable {
    public let seconds: Int64
    let zone: TimeZone?

    /// nil when `zone` is not an IANA time zone this machine knows, or is one and `seconds` is a day or more but
    /// not whole days.
    public init?(seconds: Int64, zone: String?) {
        self.seconds = seconds
        guard let zone else {
            self.zone = nil
            return
        }
        guard TimeBinning.isZoneName(zone), let known = TimeZone(identifier: zone), seconds < 86_400 || seconds % 86_400 == 0 else {
            return nil
        }
        self.zone = known
    }

    /// Whether `name` has the shape of an IANA time zone name (the tz database's Theory file): at most 64 bytes,
    /// components of ASCII letters, digits, `_`, `-` and `+`, each starting with a letter or digit, joined by `/`.
    /// Foundation reads a zone from the file of that name under /usr/share/zoneinfo, so nothing else may reach it:
    /// not `..`, not an absolute path, not `/dev/zero`.
    static func isZoneName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { component in
            guard let first = component.first, isAlphanumeric(first) else { return false }
            return component.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    public func bucket(of time: Timestamp) -> TimeBucket {
        let size = seconds * 1_000_000
        guard let zone else {
            return TimeBucket(start: Timestamp(microseconds: Int64.floorDivide(time.microseconds, size) * size), offsetSeconds: 0)
        }
        let offset = offsetSeconds(zone, at: time.microseconds)
        let local = time.microseconds + offset * 1_000_000
        guard seconds >= 86_400 else {
            let localStart = Int64.floorDivide(local, size) * size
            return TimeBucket(start: Timestamp(microseconds: localStart - offset * 1_000_000), offsetSeconds: offset)
        }
        // 1970-01-01 was a Thursday: three days after it is the first Monday's local day number minus 4.
        let day = Int64.floorDivide(local, 86_400_000_000)
        let days = seconds / 86_400
        let firstDay = days % 7 == 0 ? Int64.floorDivide(day - 4, days) * days + 4 : Int64.floorDivide(day, days) * days
        let midnight = firstDay * 86_400_000_000
        let guess = offsetSeconds(zone, at: midnight - offset * 1_000_000)
        let midnightOffset = offsetSeconds(zone, at: midnight - guess * 1_000_000)
        return TimeBucket(start: Timestamp(microseconds: midnight - midnightOffset * 1_000_000), offsetSeconds: midnightOffset)
    }

    private func offsetSeconds(_ zone: TimeZone, at microseconds: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(Int64.floorDivide(microseconds, 1_000_000)))))
    }
}
