import CoreMetrics

/// A lane's statistics as swift-metrics series, labelled by topic and module (never by tenant).
struct LaneMetrics: Sendable {
    private let requests: Counter
    private let failures: Counter
    private let rejections: Counter
    private let timeouts: Counter
    private let inFlight: Gauge
    private let queued: Gauge
    private let reserved: Gauge
    private let shareRefusals: Counter

    init(topic: String, module: String) {
        let labels = [("topic", topic), ("module", module)]
        requests = Counter(label: "logsvc_bus_requests_total", dimensions: labels)
        failures = Counter(label: "logsvc_bus_failures_total", dimensions: labels)
        rejections = Counter(label: "logsvc_bus_rejections_total", dimensions: labels)
        shareRefusals = Counter(label: "logsvc_share_refusals_total", dimensions: [("resource", topic)])
        timeouts = Counter(label: "logsvc_bus_timeouts_total", dimensions: labels)
        inFlight = Gauge(label: "logsvc_bus_in_flight", dimensions: labels)
        queued = Gauge(label: "logsvc_bus_queued", dimensions: labels)
        reserved = Gauge(label: "logsvc_bus_reserved", dimensions: labels)
    }

    /// Brings the series from `exported` up to `statistics`; called under the lane's lock.
    func export(_ exported: inout TopicStatistics, _ statistics: TopicStatistics) {
        if statistics.requests > exported.requests { requests.increment(by: statistics.requests - exported.requests) }
        if statistics.failures > exported.failures { failures.increment(by: statistics.failures - exported.failures) }
        if statistics.rejections > exported.rejections { rejections.increment(by: statistics.rejections - exported.rejections) }
        if statistics.shareRefusals > exported.shareRefusals {
            shareRefusals.increment(by: statistics.shareRefusals - exported.shareRefusals)
        }
        if statistics.timeouts > exported.timeouts { timeouts.increment(by: statistics.timeouts - exported.timeouts) }
        if statistics.inFlight != exported.inFlight { inFlight.record(statistics.inFlight) }
        if statistics.queued != exported.queued { queued.record(statistics.queued) }
        if statistics.reserved != exported.reserved { reserved.record(statistics.reserved) }
        exported = statistics
    }
}
