/// Counters of one topic since the process started.
public struct TopicStatistics: Sendable, Equatable {
    public let topic: String
    public let module: String
    /// Requests accepted into the topic's lane (served, failed or timed out).
    public var requests: Int = 0
    public var failures: Int = 0
    /// Requests refused because the lane was full (503 `overloaded`).
    public var rejections: Int = 0
    /// Requests refused because their tenant or principal held its share of the lane (429, see `FairShare`).
    public var shareRefusals: Int = 0
    public var timeouts: Int = 0
    public var inFlight: Int = 0
    public var queued: Int = 0
    /// Places reserved for requests still being made (`Bus.withPlace`), which hold no running slot.
    public var reserved: Int = 0

    init(topic: String, module: String) {
        self.topic = topic
        self.module = module
    }
}
