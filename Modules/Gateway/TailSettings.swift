/// Bounds of the live tail (`gateway.tail:` in the YAML).
public struct TailSettings: Sendable, Codable, Equatable {
    /// Live tails open at once in this process; more get 503 with Retry-After.
    public var maxClients: Int
    /// Entries waiting for one client; a client that falls this far behind is dropped.
    public var bufferEntries: Int
    /// Seconds between heartbeat comments on an idle stream.
    public var heartbeatSeconds: Int
    /// Seconds a dropped client has to take its final event before its connection is closed.
    public var stallSeconds: Int

    public init(maxClients: Int = 64, bufferEntries: Int = 10_000, heartbeatSeconds: Int = 15, stallSeconds: Int = 10) {
        self.maxClients = maxClients
        self.bufferEntries = bufferEntries
        self.heartbeatSeconds = heartbeatSeconds
        self.stallSeconds = stallSeconds
    }

    enum CodingKeys: String, CodingKey {
        case maxClients = "max_clients"
        case bufferEntries = "buffer_entries"
        case heartbeatSeconds = "heartbeat_seconds"
        case stallSeconds = "stall_seconds"
    }
}
