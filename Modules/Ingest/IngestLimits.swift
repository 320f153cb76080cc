/// Bounds on what one write may carry (`ingest:` in the YAML).
public struct IngestLimits: Sendable, Codable, Equatable {
    public var maxMessageBytes: Int
    public var maxBatchEntries: Int
    public var maxBatchMessageBytes: Int

    public init(maxMessageBytes: Int = 262_144, maxBatchEntries: Int = 10_000, maxBatchMessageBytes: Int = 1_048_576) {
        self.maxMessageBytes = maxMessageBytes
        self.maxBatchEntries = maxBatchEntries
        self.maxBatchMessageBytes = maxBatchMessageBytes
    }

    enum CodingKeys: String, CodingKey {
        case maxMessageBytes = "max_message_bytes"
        case maxBatchEntries = "max_batch_entries"
        case maxBatchMessageBytes = "max_batch_message_bytes"
    }
}
