"""OTLP messages made and read by the official Python classes (opentelemetry-proto, googleapis-common-protos),
for OTLPTests to cross-check logsvc's generated code against:

  otlp_reference.py request            prints an ExportLogsServiceRequest, base64, that uses every field we read
                                       and some we do not (entity_refs, string_value_strindex)
  otlp_reference.py response BASE64    prints an ExportLogsServiceResponse as JSON
  otlp_reference.py status BASE64      prints a google.rpc.Status as JSON
  otlp_reference.py sdk-request        emits log records through the OpenTelemetry Python SDK and prints the one
                                       export request its exporters would send: as protobuf (base64, the
                                       otlp-proto-http exporter's encoder), then as OTLP JSON (the
                                       otlp-json-http exporter's encoder), a line each
"""
import base64
import json
import sys

from google.protobuf.json_format import MessageToDict
from google.rpc.status_pb2 import Status
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest, ExportLogsServiceResponse
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, ArrayValue, InstrumentationScope, KeyValue, KeyValueList
from opentelemetry.proto.logs.v1.logs_pb2 import LogRecord, ResourceLogs, ScopeLogs
from opentelemetry.proto.resource.v1.resource_pb2 import Resource


def kv(key, **value):
    return KeyValue(key=key, value=AnyValue(**value))


def request():
    resource = Resource(attributes=[kv("service.name", string_value="checkout"), kv("host.cpus", int_value=2)])
    resource.entity_refs.add(type="service", id_keys=["service.name"])
    record = LogRecord(
        time_unix_nano=1_700_000_000_123_456_789, observed_time_unix_nano=1_700_000_001_000_000_000,
        severity_number=17, severity_text="ERROR", body=AnyValue(string_value="payment declined"),
        attributes=[
            kv("http.status_code", int_value=-402), kv("retry.ratio", double_value=0.25), kv("cached", bool_value=True),
            kv("raw", bytes_value=b"\x00\xff"),
            kv("tags", array_value=ArrayValue(values=[AnyValue(string_value="a"), AnyValue(int_value=1)])),
            kv("user", kvlist_value=KeyValueList(values=[kv("id", string_value="u-1")])),
            kv("indexed", string_value_strindex=3),
        ],
        dropped_attributes_count=1, flags=0x01,
        trace_id=bytes.fromhex("5b8efff798038103d269b633813fc60c"), span_id=bytes.fromhex("eee19b7ec3c1b174"),
        event_name="payment.declined")
    structured = LogRecord(severity_number=9, body=AnyValue(kvlist_value=KeyValueList(values=[kv("step", int_value=3)])))
    scope = InstrumentationScope(name="checkout.payments", version="1.2.0", attributes=[kv("scope.kind", string_value="lib")])
    message = ExportLogsServiceRequest(resource_logs=[ResourceLogs(
        resource=resource, schema_url="https://opentelemetry.io/schemas/1.27.0",
        scope_logs=[ScopeLogs(scope=scope, log_records=[record, structured])])])
    print(base64.b64encode(message.SerializeToString()).decode())


def show(message_type, text):
    message = message_type()
    message.ParseFromString(base64.b64decode(text))
    print(json.dumps(MessageToDict(message, preserving_proto_field_name=True), sort_keys=True))


def sdk_request():
    from opentelemetry._logs import SeverityNumber
    from opentelemetry.exporter.otlp.json.common._log_encoder import encode_logs as encode_json
    from opentelemetry.exporter.otlp.proto.common._log_encoder import encode_logs as encode_proto
    from opentelemetry.sdk._logs import LoggerProvider
    from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
    from opentelemetry.sdk.resources import Resource as SDKResource
    from opentelemetry.sdk.trace import TracerProvider

    exporter = InMemoryLogRecordExporter()
    provider = LoggerProvider(resource=SDKResource.create({"service.name": "checkout", "deployment.environment": "prod"}))
    provider.add_log_record_processor(SimpleLogRecordProcessor(exporter))
    logger = provider.get_logger("checkout.payments", "1.2.0")
    tracer = TracerProvider().get_tracer("checkout")
    with tracer.start_as_current_span("pay"):
        logger.emit(body="payment declined", severity_number=SeverityNumber.ERROR, severity_text="ERROR",
                    attributes={"http.status_code": 402, "retry.ratio": 0.25, "cached": True, "tags": ["a", "b"],
                                "amounts": [1, 2, 3]},
                    timestamp=1_700_000_000_123_456_789, event_name="payment.declined")
    logger.emit(body={"step": 3, "ok": False, "note": "ünïcödé"}, severity_number=SeverityNumber.INFO2)
    batch = exporter.get_finished_logs()
    print(base64.b64encode(encode_proto(batch).SerializeToString()).decode())
    print(encode_json(batch).to_json())


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "request":
        request()
    elif command == "response":
        show(ExportLogsServiceResponse, sys.argv[2])
    elif command == "status":
        show(Status, sys.argv[2])
    elif command == "sdk-request":
        sdk_request()
    else:
        sys.exit(f"unknown command {command}")
