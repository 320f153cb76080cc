/// Settings of the HTTP edge (`gateway:` in the YAML).
public struct GatewaySettings: Sendable, Codable, Equatable {
    /// Largest request body accepted; larger ones get 413 before they are read.
    public var maxBodyBytes: Int
    /// Request bodies held in memory at once by the whole process, shared fairly among tenants; past it,
    /// 503 `overloaded`, and past a caller's share, 429 `too_many_requests`.
    public var maxPendingBodyBytes: Int
    /// Answers held in memory at once by the whole process, from when they are built until they have been sent,
    /// shared fairly among tenants (`AnswerBudget`); past a caller's share, 429 `too_many_requests`.
    public var maxPendingAnswerBytes: Int
    public var tail: TailSettings
    public var rpc: RPCSettings
    public var clientAddress: ClientAddressSettings

    public init(maxBodyBytes: Int = 2_097_152, maxPendingBodyBytes: Int = 8_388_608, maxPendingAnswerBytes: Int = 67_108_864,
                tail: TailSettings = TailSettings(), rpc: RPCSettings = RPCSettings(),
                clientAddress: ClientAddressSettings = ClientAddressSettings()) {
        self.maxBodyBytes = maxBodyBytes
        self.maxPendingBodyBytes = maxPendingBodyBytes
        self.maxPendingAnswerBytes = maxPendingAnswerBytes
        self.tail = tail
        self.rpc = rpc
        self.clientAddress = clientAddress
    }

    enum CodingKeys: String, CodingKey {
        case maxBodyBytes = "max_body_bytes"
        case maxPendingBodyBytes = "max_pending_body_bytes"
        case maxPendingAnswerBytes = "max_pending_answer_bytes"
        case tail, rpc
        case clientAddress = "client_address"
    }
}
