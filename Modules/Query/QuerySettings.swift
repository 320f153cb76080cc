/// Bounds on reads (`query:` in the YAML).
public struct QuerySettings: Sendable, Codable, Equatable {
    public var defaultLimit: Int
    public var maxLimit: Int
    /// For a scan (`q`, or a `query` filter on what only decryption shows), how many entries one call decrypts and
    /// checks at most; the page then ends early with a cursor to continue from.
    public var maxScanEntries: Int
    /// For a scan, how long one call reads at most (it always reads its first chunk); it then answers what it
    /// found with a cursor to continue from.
    public var maxScanSeconds: Double
    /// For `| stats`, about how many bytes of groups and distinct values one call keeps at most (the table is
    /// about that large); past it, it answers the table so far with a cursor to continue from.
    public var maxStatsBytes: Int
    /// Bytes of messages and attributes in one page; a page that would pass it ends early with a cursor
    /// (always with at least one entry), so an answer is never built whole past it.
    public var maxPageBytes: Int
    /// Scans running at once in this process, shared fairly among tenants; past it, 503 `overloaded`, and past a
    /// caller's share, 429 `too_many_requests`.
    public var maxConcurrentScans: Int

    public init(defaultLimit: Int = 100, maxLimit: Int = 1000, maxScanEntries: Int = 10_000, maxScanSeconds: Double = 5,
                maxStatsBytes: Int = 8_388_608, maxPageBytes: Int = 2_097_152, maxConcurrentScans: Int = 16) {
        self.defaultLimit = defaultLimit
        self.maxLimit = maxLimit
        self.maxScanEntries = maxScanEntries
        self.maxScanSeconds = maxScanSeconds
        self.maxStatsBytes = maxStatsBytes
        self.maxPageBytes = maxPageBytes
        self.maxConcurrentScans = maxConcurrentScans
    }

    enum CodingKeys: String, CodingKey {
        case defaultLimit = "default_limit"
        case maxLimit = "max_limit"
        case maxScanEntries = "max_scan_entries"
        case maxScanSeconds = "max_scan_seconds"
        case maxStatsBytes = "max_stats_bytes"
        case maxPageBytes = "max_page_bytes"
        case maxConcurrentScans = "max_concurrent_scans"
    }
}
