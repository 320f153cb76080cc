/// How long a cached data key keeps sealing (`crypto.data_key_cache`), in the spirit of the AWS
/// Encryption SDK's caching materials manager. With random 96-bit nonces NIST allows 2^32 messages
/// per AES-GCM key; the defaults stay far below.
public struct DataKeyCacheSettings: Sendable, Codable, Equatable {
    public var maxAgeSeconds: Int
    public var maxMessages: Int
    public var maxBytes: Int
    /// How many unwrapped keys reads keep in memory.
    public var maxCachedKeys: Int

    public init(maxAgeSeconds: Int = 3600, maxMessages: Int = 1_000_000, maxBytes: Int = 1 << 30, maxCachedKeys: Int = 10_000) {
        self.maxAgeSeconds = maxAgeSeconds
        self.maxMessages = maxMessages
        self.maxBytes = maxBytes
        self.maxCachedKeys = maxCachedKeys
    }

    enum CodingKeys: String, CodingKey {
        case maxAgeSeconds = "max_age_seconds"
        case maxMessages = "max_messages"
        case maxBytes = "max_bytes"
        case maxCachedKeys = "max_cached_keys"
    }
}
