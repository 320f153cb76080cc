/// How one topic is served: by which module, how many requests at once, how many may wait,
/// and how long a request may take from enqueue to reply.
public struct Route: Sendable, Codable, Equatable {
    public let module: String
    public let concurrency: Int
    public let queue: Int
    public let timeoutMilliseconds: Int

    public init(module: String, concurrency: Int, queue: Int, timeoutMilliseconds: Int) {
        self.module = module
        self.concurrency = concurrency
        self.queue = queue
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case module, concurrency, queue
        case timeoutMilliseconds = "timeout_ms"
    }
}
