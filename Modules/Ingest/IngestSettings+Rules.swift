public import Config

extension IngestSettings: ConfigValidating {
    /// Every size and count at least 1 (attributes: 0 or more); a batch holds at least one largest message;
    /// timestamp bounds 0 or more (0: only the server's current second).
    public func validate(_ rules: inout ConfigRules) {
        rules.require(maxMessageBytes, in: 1..., at: "max_message_bytes")
        rules.require(maxBatchEntries, in: 1..., at: "max_batch_entries")
        rules.require(maxBatchMessageBytes >= maxMessageBytes, at: ["max_batch_message_bytes"], related: [["max_message_bytes"]],
                      rule: "max_batch_message_bytes (\(maxBatchMessageBytes)) must be at least max_message_bytes (\(maxMessageBytes))")
        rules.require(maxAttributes, in: 0..., at: "max_attributes", zeroMeans: "entries carry no attributes")
        rules.require(maxResourceAttributes, in: 0..., at: "max_resource_attributes", zeroMeans: "entries carry no resource or scope attributes")
        rules.require(maxAttributeValueBytes, in: 1..., at: "max_attribute_value_bytes")
        rules.require(maxTimestampAgeSeconds, in: 0..., at: "max_timestamp_age_seconds")
        rules.require(maxTimestampLeadSeconds, in: 0..., at: "max_timestamp_lead_seconds")
        rules.require(idempotencyWindowSeconds, in: 1..., at: "idempotency_window_seconds")
    }
}
