// A service that sends its swift-log lines to logsvc over OTLP/HTTP with swift-otel. Where they go and the API key
// that authenticates them come from the standard OpenTelemetry environment, not from code (see README.md):
//
//   OTEL_EXPORTER_OTLP_ENDPOINT=https://logsvc.example.com
//   OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=http/protobuf
//   OTEL_EXPORTER_OTLP_HEADERS="authorization=Bearer lsk_…"
//   OTEL_SERVICE_NAME=checkout
import Logging
import OTel
import ServiceLifecycle

// Logs only: logsvc stores logs, so traces and metrics are off.
var configuration = OTel.Configuration.default
configuration.traces.enabled = false
configuration.metrics.enabled = false
// swift-otel reports its own configuration on standard error; at `info` that report includes the value of
// OTEL_EXPORTER_OTLP_HEADERS, the API key. Warnings and errors (such as a refused export) still show.
configuration.diagnosticLogLevel = .warning

// Bootstraps swift-log's LoggingSystem with swift-otel's log handler. The returned service batches the log records
// and exports them; it must run for as long as the process logs.
let observability = try OTel.bootstrap(configuration: configuration)

/// The application: here it logs three lines and is done. A server would run until asked to stop.
struct Checkout: Service {
    func run() async throws {
        let logger = Logger(label: "checkout")
        logger.info("order placed", metadata: ["order.id": "42", "customer.tier": "gold"])
        logger.warning("payment retried", metadata: ["order.id": "42", "attempt": "2"])
        logger.error("label printer unreachable", metadata: ["order.id": "42", "printer": "dock-3"])
    }
}

// Services shut down in reverse order: first the application, then `observability`, which exports what is still
// batched before it returns. When the application returns, the whole group shuts down gracefully (the default would
// cancel it, and the last batch could be lost); SIGTERM and SIGINT do the same.
let services = ServiceGroup(configuration: .init(
    services: [
        .init(service: observability),
        .init(service: Checkout(), successTerminationBehavior: .gracefullyShutdownGroup),
    ],
    gracefulShutdownSignals: [.sigterm, .sigint],
    logger: Logger(label: "services")
))
try await services.run()
