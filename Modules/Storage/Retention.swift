public import Model

/// How long entries are kept: `days` after their timestamp, or forever when 0. Expired entries are never
/// returned, whether or not they have been deleted yet.
public struct Retention: Sendable, Codable, Equatable {
    public var days: Int

    public init(days: Int) {
        self.days = max(0, days)
    }

    /// Keep everything.
    public static let forever = Retention(days: 0)

    /// Entries older than this are expired; nil when nothing expires.
    public func cutoff(now: Timestamp) -> Timestamp? {
        days > 0 ? Timestamp(microseconds: now.microseconds - Int64(days) * 86_400_000_000) : nil
    }

    /// When an entry at `timestamp` expires, in seconds since 1970 (a DynamoDB TTL); nil when nothing expires.
    public func expiry(of timestamp: Timestamp) -> Int64? {
        days > 0 ? timestamp.microseconds / 1_000_000 + Int64(days) * 86_400 : nil
    }
}
