"""A Python service shipping its `logging` records to logsvc through the OpenTelemetry SDK, configured the way a
team would: only OTEL_* environment variables name the endpoint, the API key and the compression.

  otel_sdk_client.py proto|json MARKER

logs three records through Python's `logging` (one inside a span, with `extra` attributes) and prints one JSON
object: what the SDK emitted, record by record (message, severity, trace and span id, time in nanoseconds), and
the result of each export ("SUCCESS" or "FAILURE") with the exporter's own warnings, as OTLPTests and
EndToEndTests read them back.
"""
import json
import logging
import sys

from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, LogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider


class Recording(LogRecordExporter):
    """Passes each batch to the real exporter and keeps its result."""

    def __init__(self, exporter):
        self.exporter = exporter
        self.results = []

    def export(self, batch):
        result = self.exporter.export(batch)
        self.results.append(result.name)
        return result

    def force_flush(self, timeout_millis=30_000):
        return self.exporter.force_flush(timeout_millis)

    def shutdown(self):
        self.exporter.shutdown()


class Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def main():
    kind, marker = sys.argv[1], sys.argv[2]
    if kind == "proto":
        from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
    else:
        from opentelemetry.exporter.otlp.json.http._log_exporter import OTLPLogExporter
    warnings = Warnings()
    logging.getLogger("opentelemetry").addHandler(warnings)

    provider = LoggerProvider(resource=Resource.create({"service.name": f"checkout-{kind}", "deployment.environment": "test"}))
    exporter = Recording(OTLPLogExporter())
    emitted = InMemoryLogRecordExporter()
    provider.add_log_record_processor(SimpleLogRecordProcessor(emitted))
    provider.add_log_record_processor(SimpleLogRecordProcessor(exporter))
    logger = logging.getLogger("checkout.payments")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(LoggingHandler(level=logging.DEBUG, logger_provider=provider))

    tracer = TracerProvider().get_tracer("checkout")
    with tracer.start_as_current_span("pay"):
        logger.error("payment declined %s", marker, extra={"http.status_code": 402, "retry.ratio": 0.25, "cached": True})
    logger.warning("low stock %s", marker, extra={"sku": "A-1"})
    logger.debug("cache miss %s", marker)
    provider.shutdown()

    records = []
    for data in emitted.get_finished_logs():
        record = data.log_record
        context = record.span_context if hasattr(record, "span_context") else None
        trace_id = record.trace_id if hasattr(record, "trace_id") else (context.trace_id if context else 0)
        span_id = record.span_id if hasattr(record, "span_id") else (context.span_id if context else 0)
        records.append({
            "message": record.body, "severity_number": record.severity_number.value, "severity_text": record.severity_text,
            "trace_id": f"{trace_id:032x}" if trace_id else None, "span_id": f"{span_id:016x}" if span_id else None,
            "time_unix_nano": str(record.timestamp), "attributes": {k: v for k, v in (record.attributes or {}).items()},
        })
    print(json.dumps({"records": records, "exports": exporter.results, "warnings": warnings.messages}, default=str))


if __name__ == "__main__":
    main()
