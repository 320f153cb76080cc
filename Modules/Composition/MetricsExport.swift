import CoreMetrics
import Prometheus

/// The process's metrics: every module records through swift-metrics, and this registry collects
/// them for `GET /metrics` in the Prometheus text format. Bootstrapped once per process, before
/// any module creates a metric.
enum MetricsExport {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Latency targets are in milliseconds: buckets from 0.25 ms to 10 s.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(10),
        ]
        // swift-metrics labels use dots (`http.route`); Prometheus names allow only [a-zA-Z0-9_:].
        factory.nameAndLabelSanitizer = { name, labels in
            (prometheusName(name), labels.map { (prometheusName($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// The current values in the Prometheus text exposition format.
    @Sendable static func text() -> String { registry.emitToString() }

    private static func prometheusName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") ? $0 : "_" })
    }
}
