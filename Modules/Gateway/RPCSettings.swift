/// Bounds of one `POST /rpc` batch (`gateway.rpc:` in the YAML). Each call is also admitted to its lane
/// within the caller's share, like a request of its own.
public struct RPCSettings: Sendable, Codable, Equatable {
    /// Calls in one batch; a larger batch is refused whole with 413 `payload_too_large` (-32013).
    public var maxBatchCalls: Int
    /// Bytes of the results of one batch together; once reached, the calls not yet run answer
    /// `budget_exceeded` (-32029) and `logs.query` pages end early with a cursor.
    public var maxBatchResponseBytes: Int
    /// Stored entries that the `logs.query` calls of one batch may examine together; once reached, the
    /// calls not yet run answer `budget_exceeded`.
    public var maxBatchScanEntries: Int

    public init(maxBatchCalls: Int = 100, maxBatchResponseBytes: Int = 8_388_608, maxBatchScanEntries: Int = 50_000) {
        self.maxBatchCalls = maxBatchCalls
        self.maxBatchResponseBytes = maxBatchResponseBytes
        self.maxBatchScanEntries = maxBatchScanEntries
    }

    enum CodingKeys: String, CodingKey {
        case maxBatchCalls = "max_batch_calls"
        case maxBatchResponseBytes = "max_batch_response_bytes"
        case maxBatchScanEntries = "max_batch_scan_entries"
    }
}
