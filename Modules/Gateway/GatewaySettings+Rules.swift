public import Config

extension GatewaySettings: ConfigValidating {
    /// Every size at least 1; the bodies held at once at least one largest body, or no large body could ever be read.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(maxBodyBytes, in: 1..., at: "max_body_bytes")
        rules.require(maxPendingBodyBytes >= maxBodyBytes, at: ["max_pending_body_bytes"], related: [["max_body_bytes"]],
                      rule: "max_pending_body_bytes (\(maxPendingBodyBytes)) must be at least max_body_bytes (\(maxBodyBytes))")
        rules.require(maxPendingAnswerBytes, in: 1..., at: "max_pending_answer_bytes")
    }
}

extension TailSettings: ConfigValidating {
    /// Every count and deadline at least 1.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(maxClients, in: 1..., at: "max_clients")
        rules.require(bufferEntries, in: 1..., at: "buffer_entries")
        rules.require(heartbeatSeconds, in: 1..., at: "heartbeat_seconds")
        rules.require(stallSeconds, in: 1..., at: "stall_seconds")
    }
}

extension RPCSettings: ConfigValidating {
    /// Every bound at least 1.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(maxBatchCalls, in: 1..., at: "max_batch_calls")
        rules.require(maxBatchResponseBytes, in: 1..., at: "max_batch_response_bytes")
        rules.require(maxBatchScanEntries, in: 1..., at: "max_batch_scan_entries")
    }
}
