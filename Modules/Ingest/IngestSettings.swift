/// Bounds on what one write may carry (`ingest:` in the YAML).
public struct IngestSettings: Sendable, Codable, Equatable {
    public var maxMessageBytes: Int
    public var maxBatchEntries: Int
    /// Messages and attributes of one request together.
    public var maxBatchMessageBytes: Int
    /// Attributes of one entry.
    public var maxAttributes: Int
    /// Attributes of an entry's OTLP resource, and of its instrumentation scope.
    public var maxResourceAttributes: Int
    /// One attribute value, every level of an array or map together.
    public var maxAttributeValueBytes: Int
    /// How far before the server's time a client timestamp may lie.
    public var maxTimestampAgeSeconds: Int
    /// How far after the server's time a client timestamp may lie.
    public var maxTimestampLeadSeconds: Int
    /// How long an `Idempotency-Key` is remembered.
    public var idempotencyWindowSeconds: Int
    /// The blind indexes written with each entry.
    public var index: IndexSettings

    public init(maxMessageBytes: Int = 262_144, maxBatchEntries: Int = 10_000, maxBatchMessageBytes: Int = 1_048_576,
                maxAttributes: Int = 32, maxResourceAttributes: Int = 128, maxAttributeValueBytes: Int = 1024,
                maxTimestampAgeSeconds: Int = 14 * 86_400, maxTimestampLeadSeconds: Int = 7200,
                idempotencyWindowSeconds: Int = 86_400, index: IndexSettings = IndexSettings()) {
        self.maxMessageBytes = maxMessageBytes
        self.maxBatchEntries = maxBatchEntries
        self.maxBatchMessageBytes = maxBatchMessageBytes
        self.maxAttributes = maxAttributes
        self.maxResourceAttributes = maxResourceAttributes
        self.maxAttributeValueBytes = maxAttributeValueBytes
        self.maxTimestampAgeSeconds = maxTimestampAgeSeconds
        self.maxTimestampLeadSeconds = maxTimestampLeadSeconds
        self.idempotencyWindowSeconds = idempotencyWindowSeconds
        self.index = index
    }

    enum CodingKeys: String, CodingKey {
        case maxMessageBytes = "max_message_bytes"
        case maxBatchEntries = "max_batch_entries"
        case maxBatchMessageBytes = "max_batch_message_bytes"
        case maxAttributes = "max_attributes"
        case maxResourceAttributes = "max_resource_attributes"
        case maxAttributeValueBytes = "max_attribute_value_bytes"
        case maxTimestampAgeSeconds = "max_timestamp_age_seconds"
        case maxTimestampLeadSeconds = "max_timestamp_lead_seconds"
        case idempotencyWindowSeconds = "idempotency_window_seconds"
        case index
    }
}
