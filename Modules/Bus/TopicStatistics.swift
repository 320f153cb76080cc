/// Counters of one topic since the process started.
public struct TopicStatistics: Sendable, Equatable {
    public let topic: String
    public let module: String
    /// Requests accepted into the topic's lane (served, failed or timed out).
    public var requests: Int = 0
    public var failures: Int = 0
    /// Requests refused because the queue was full.
    public var rejections: Int = 0
    public var timeouts: Int = 0
    public var inFlight: Int = 0
    public var queued: Int = 0
    /// Places taken at the edge whose requests have not reached the lane yet (`Bus.withPlace`).
    public var reserved: Int = 0

    init(topic: String, module: String) {
        self.topic = topic
        self.module = module
    }
}
