/// Bounds on reads (`query:` in the YAML).
public struct QuerySettings: Sendable, Codable, Equatable {
    public var defaultLimit: Int
    public var maxLimit: Int
    /// With `q`, how many entries one call decrypts and searches at most; the page then ends early
    /// with a cursor to continue from.
    public var maxScanEntries: Int

    public init(defaultLimit: Int = 100, maxLimit: Int = 1000, maxScanEntries: Int = 10_000) {
        self.defaultLimit = defaultLimit
        self.maxLimit = maxLimit
        self.maxScanEntries = maxScanEntries
    }

    enum CodingKeys: String, CodingKey {
        case defaultLimit = "default_limit"
        case maxLimit = "max_limit"
        case maxScanEntries = "max_scan_entries"
    }
}
