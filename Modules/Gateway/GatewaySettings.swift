/// Settings of the HTTP edge (`gateway:` in the YAML).
public struct GatewaySettings: Sendable, Codable, Equatable {
    /// Largest request body accepted; larger ones get 413 before they are read.
    public var maxBodyBytes: Int
    public var tail: TailSettings

    public init(maxBodyBytes: Int = 2_097_152, tail: TailSettings = TailSettings()) {
        self.maxBodyBytes = maxBodyBytes
        self.tail = tail
    }

    enum CodingKeys: String, CodingKey {
        case maxBodyBytes = "max_body_bytes"
        case tail
    }
}
