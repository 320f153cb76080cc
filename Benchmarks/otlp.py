"""OTLP/HTTP ingest next to REST batches of the same records (see Benchmarks/otlp): 1,000 records of a 200-byte
message with 5 attributes per request, as REST JSON, OTLP protobuf, OTLP protobuf gzip-compressed and OTLP JSON, in
rounds that alternate between them on one server, with the server's CPU per entry; the median of each figure.
OTLP bodies differ from request to request (logsvc stores a byte-identical OTLP body only once)."""
import argparse, gzip, json, os, statistics, subprocess, tempfile, time
from harness import MESSAGE, Server, log, machine, table, wrk, write_section

RECORDS = 1000
ATTRIBUTES = {"http.method": "GET", "http.status_code": 200, "user.id": "u-12345", "duration_ms": 12.5, "cache.hit": True}
PLACEHOLDER = "0" * 12


def rest_body():
    return json.dumps({"entries": [{"severity": "info", "message": MESSAGE, "attributes": ATTRIBUTES}] * RECORDS})


def otlp_request(first_message):
    """An ExportLogsServiceRequest of RECORDS records, made with the official Python classes."""
    from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
    from opentelemetry.proto.common.v1.common_pb2 import AnyValue, InstrumentationScope, KeyValue
    from opentelemetry.proto.logs.v1.logs_pb2 import LogRecord, ResourceLogs, ScopeLogs
    from opentelemetry.proto.resource.v1.resource_pb2 import Resource

    def value(v):
        if isinstance(v, bool): return AnyValue(bool_value=v)
        if isinstance(v, int): return AnyValue(int_value=v)
        if isinstance(v, float): return AnyValue(double_value=v)
        return AnyValue(string_value=v)
    attributes = [KeyValue(key=k, value=value(v)) for k, v in ATTRIBUTES.items()]
    now = time.time_ns()
    records = [LogRecord(time_unix_nano=now + index, severity_number=9, severity_text="INFO",
                         body=AnyValue(string_value=first_message if index == 0 else MESSAGE), attributes=attributes)
               for index in range(RECORDS)]
    return ExportLogsServiceRequest(resource_logs=[ResourceLogs(
        resource=Resource(attributes=[KeyValue(key="service.name", value=AnyValue(string_value="bench"))]),
        scope_logs=[ScopeLogs(scope=InstrumentationScope(name="bench"), log_records=records)])])


def template(encoded, directory, name):
    """(head, tail) files around the first placeholder of `encoded`."""
    head, tail = encoded.split(PLACEHOLDER.encode(), 1)
    paths = [os.path.join(directory, f"{name}.{part}") for part in ("head", "tail")]
    for path, data in zip(paths, (head, tail)):
        open(path, "wb").write(data)
    return paths


def gzip_files(request, directory, count):
    """`count` gzip-compressed protobuf bodies, each different."""
    encoded = request.SerializeToString()
    paths = []
    for index in range(count):
        path = os.path.join(directory, f"gzip.{index}")
        open(path, "wb").write(gzip.compress(encoded.replace(PLACEHOLDER.encode(), b"%012d" % index, 1), 6))
        paths.append(path)
    return paths


def loads(seconds):
    """The four ways of sending the same records: (label, path, content type, wrk arguments)."""
    from google.protobuf.json_format import MessageToJson
    directory = tempfile.mkdtemp(prefix="logsvc-otlp-bench-")
    request = otlp_request(MESSAGE[:-12] + PLACEHOLDER)
    protobuf = template(request.SerializeToString(), directory, "protobuf")
    as_json = json.loads(MessageToJson(request))
    for resource in as_json["resourceLogs"]:  # OTLP JSON: hex ids (none here) and integer enums
        for scope in resource["scopeLogs"]:
            for record in scope["logRecords"]:
                record["severityNumber"] = 9
    otlp_json = template(json.dumps(as_json).encode(), directory, "json")
    log(f"    making {400 * seconds:,} distinct gzip bodies")
    compressed = gzip_files(request, directory, 400 * seconds)
    return [
        ("REST POST /logs, JSON batch", "/logs", "application/json", {"body": rest_body()}, {}),
        ("OTLP protobuf", "/v1/logs", "application/x-protobuf", {"body_template": protobuf}, {}),
        ("OTLP protobuf, gzip", "/v1/logs", "application/x-protobuf", {"body_files": compressed}, {"Content-Encoding": "gzip"}),
        ("OTLP JSON", "/v1/logs", "application/json", {"body_template": otlp_json}, {}),
    ]


def measure(server, rounds, seconds):
    """Rows of (figure, median entries/s, ratio to REST, median CPU µs per entry, each round's entries/s)."""
    plan = loads(seconds)
    samples = {}
    for round_number in range(1, rounds + 1):
        for label, path, content_type, body, extra in plan:
            log(f"==> round {round_number} of {rounds}: {label}")
            before = server.cpu_seconds()
            run = wrk(server.url(path), seconds, connections=8, method="POST",
                      headers={"Authorization": server.token, "Content-Type": content_type, **extra}, **body)
            # Only answers that stored count: under contention some batches are refused (503 with Retry-After).
            rate = run.rate * RECORDS * run.count(lambda status: status < 300) / max(run.count(), 1)
            samples.setdefault(label, []).append((rate, (server.cpu_seconds() - before) / (rate * seconds) * 1e6))
    rest = statistics.median(s[0] for s in samples["REST POST /logs, JSON batch"])
    rows = []
    for label, values in samples.items():
        rate = statistics.median(v[0] for v in values)
        rows.append((label, rate, f"{rate / rest:.0%}", statistics.median(v[1] for v in values),
                     ", ".join(f"{v[0]:,.0f}" for v in values)))
    return rows


COLUMNS = ["figure (1,000 records of 200 B + 5 attributes per request)", "entries/s (median)", "of REST batch",
           "server CPU, µs per entry", "entries/s, each round"]

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--output", default="docs/benchmarks.md")
    args = parser.parse_args()
    server = Server(args.binary)
    rows = measure(server, args.rounds, args.seconds)
    server.stop()
    print(f"machine: {machine()}\n")
    print(table(rows, COLUMNS))
    write_section(args.output, "otlp",
                  "## OTLP/HTTP next to REST batches\n\n"
                  f"Command: `Benchmarks/otlp --rounds {args.rounds} --seconds {args.seconds}`, run {time.strftime('%Y-%m-%d')}; "
                  f"machine: {machine()}. One release binary on a fresh data dir; each figure runs for {args.seconds} s with wrk "
                  "(8 connections), rounds alternate between the four, and the table gives the median. Every request carries the "
                  "same 1,000 records (a 200-byte message; a string, an int, a string, a double and a bool attribute) as a REST "
                  "batch, as an OTLP protobuf and OTLP JSON `ExportLogsServiceRequest` made by the official Python classes, and "
                  "gzip-compressed; OTLP bodies differ in one record from request to request, since a repeated body is stored "
                  "once. Only stored batches count: some requests with the larger bodies are refused with 429, the caller's share of request bodies held at once (`gateway.max_pending_body_bytes`) being full with 8 in flight. Target: OTLP protobuf at least 90% of the REST batch.\n\n" + table(rows, COLUMNS) + "\n")
