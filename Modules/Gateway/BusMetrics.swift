import Bus

/// The bus counters in the Prometheus text exposition format.
enum BusMetrics {
    static func render(_ statistics: [TopicStatistics]) -> String {
        let series: [(name: String, kind: String, help: String, value: (TopicStatistics) -> Int)] = [
            ("logsvc_bus_requests_total", "counter", "Requests admitted per topic.", { $0.requests }),
            ("logsvc_bus_failures_total", "counter", "Requests that failed per topic.", { $0.failures }),
            ("logsvc_bus_rejections_total", "counter", "Requests refused because the queue was full.", { $0.rejections }),
            ("logsvc_bus_timeouts_total", "counter", "Requests that passed their deadline.", { $0.timeouts }),
            ("logsvc_bus_in_flight", "gauge", "Requests being served now.", { $0.inFlight }),
            ("logsvc_bus_queued", "gauge", "Requests waiting for a slot.", { $0.queued }),
        ]
        var text = ""
        for metric in series {
            text += "# HELP \(metric.name) \(metric.help)\n# TYPE \(metric.name) \(metric.kind)\n"
            for topic in statistics {
                text += "\(metric.name){topic=\"\(topic.topic)\",module=\"\(topic.module)\"} \(metric.value(topic))\n"
            }
        }
        return text
    }
}
