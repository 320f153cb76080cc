public import Config

extension QuerySettings: ConfigValidating {
    /// Every bound at least 1, and the default page no larger than the largest.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(maxLimit, in: 1..., at: "max_limit")
        rules.require((1...max(1, maxLimit)).contains(defaultLimit), at: ["default_limit"], related: [["max_limit"]],
                      rule: "default_limit (\(defaultLimit)) must be 1...max_limit (\(maxLimit))")
        rules.require(maxScanEntries, in: 1..., at: "max_scan_entries")
        rules.require(maxScanSeconds > 0 && maxScanSeconds <= 3600, at: ["max_scan_seconds"],
                      rule: "max_scan_seconds (\(maxScanSeconds)) must be more than 0 and at most 3600")
        rules.require(maxStatsBytes, in: 1..., at: "max_stats_bytes")
        rules.require(maxPageBytes, in: 1..., at: "max_page_bytes")
        rules.require(maxConcurrentScans, in: 1..., at: "max_concurrent_scans")
    }
}
