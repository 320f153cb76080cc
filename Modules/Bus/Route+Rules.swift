public import Config

extension Route: ConfigValidating {
    /// At least one request at once and a deadline of at least 1 ms; the queue may be empty (0: refuse when busy).
    public func validate(_ rules: inout ConfigRules) {
        rules.require(concurrency, in: 1..., at: "concurrency")
        rules.require(queue, in: 0..., at: "queue", zeroMeans: "no request waits")
        rules.require(timeoutMilliseconds, in: 1..., at: "timeout_ms")
    }
}
