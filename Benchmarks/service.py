"""Drives the release binary with wrk and measures it next to the machine's own ceilings (see Benchmarks/service)."""
import argparse, json, os, re, sqlite3, subprocess, tempfile, time, uuid
from harness import MESSAGE, Server, batch_body, fill, log, machine, pyplot, rpc_body, scratch, table, wrk, write_section
import otlp

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--large-entries", type=int, default=10_000_000)
parser.add_argument("--output", default="docs/benchmarks.md")
args = parser.parse_args()
rows = []  # (figure, value, unit, baseline name, baseline value, ratio text, target text)


def sqlite_ceiling(seconds):
    """Inserts rows shaped like stored entries (tenant, ts, id, severity, ~230-byte sealed blob) into the same
    schema, WAL, synchronous=FULL, 1,000 rows per transaction, each row bound from memory: rows/s. The clock
    runs from BEGIN to COMMIT only; making the rows in Python would otherwise take more time than SQLite."""
    directory = tempfile.mkdtemp(prefix="logsvc-bench-sqlite-")
    scratch.append(directory)
    db = sqlite3.connect(os.path.join(directory, "raw.sqlite"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE entries (tenant TEXT NOT NULL, ts INTEGER NOT NULL, id TEXT NOT NULL, severity INTEGER NOT NULL,"
               " sealed BLOB NOT NULL, PRIMARY KEY (tenant, ts, id)) WITHOUT ROWID")
    sealed = os.urandom(232)
    inserted, ts, spent = 0, 0, 0.0
    while spent < seconds:
        batch = []
        for _ in range(1000):
            ts += 1
            batch.append(("default", ts, str(uuid.uuid4()), 20, sealed))
        started = time.perf_counter()
        db.execute("BEGIN")
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", batch)
        db.execute("COMMIT")
        spent += time.perf_counter() - started
        inserted += 1000
    return inserted / spent


def openssl_speed():
    aes = subprocess.run(["openssl", "speed", "-evp", "aes-256-gcm", "-bytes", "256", "-seconds", "3"],
                         capture_output=True, text=True).stdout
    kilobytes = float(re.search(r"^aes-256-gcm\s+([\d.]+)k", aes, re.M | re.I).group(1))
    rsa = subprocess.run(["openssl", "speed", "-seconds", "3", "rsa2048"], capture_output=True, text=True).stdout
    verify = re.search(r"^rsa\s+2048 bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", rsa, re.M)
    return kilobytes * 1000 / 256, float(verify.group(2)) if verify else 0.0


def add(figure, value, unit, baseline="", baseline_value=None, target=""):
    ratio = f"{100 * value / baseline_value:.0f}%" if baseline_value else ""
    rows.append((figure, value, unit, baseline, baseline_value, ratio, target))


seconds = args.seconds
log("==> ceilings of this machine")
sqlite_rate = sqlite_ceiling(seconds)
aes_ops, rsa_verify = openssl_speed()

log("==> service: start, idle memory")
first = Server(args.binary)
first.stop()
# The first start makes the keyring, the user pool and its RSA signing key; later starts open them.
server = Server(args.binary, first.data_dir)
time.sleep(1)
idle_kb = server.rss_kb()
add("start to first served request (data dir exists)", server.start_ms, "ms", "first start (makes keys)", first.start_ms,
    "< 100 ms")

log("==> GET /healthz")
healthz = wrk(server.url("/healthz"), seconds).rate
add("GET /healthz", healthz, "req/s", target="(ceiling of the server)")

log("==> POST /logs, one entry per request")
run = wrk(server.url("/logs"), seconds, method="POST",
          body=json.dumps({"severity": "info", "message": MESSAGE}), headers=server.json_headers())
single = run.rate
add("POST /logs, 1 entry (authenticated)", single, "req/s", "GET /healthz", healthz, ">= 75%")
add("POST /logs, 1 entry: p50 / p99", run.p50, f"ms / {run.p99:.2f} ms")

log("==> batched ingest")
rest = wrk(server.url("/logs"), seconds, connections=8, method="POST", body=batch_body(1000), headers=server.json_headers()).rate
add("POST /logs, 1,000-entry batches", rest * 1000, "entries/s", "raw SQLite insert", sqlite_rate, ">= 50% and >= 150,000/s")
rpc = wrk(server.url("/rpc"), seconds, connections=8, method="POST", body=rpc_body(1000), headers=server.json_headers()).rate
add("POST /rpc, logs.putBatch of 1,000", rpc * 1000, "entries/s", "raw SQLite insert", sqlite_rate, ">= 50%")
log("==> OTLP/HTTP next to REST batches of the same records (200 B + 5 attributes)")
otlp_rows = otlp.measure(server, 1, seconds)
same_records = otlp_rows[0][1]
for label, rate, *_ in otlp_rows[1:]:
    add(f"POST /v1/logs, {label}, 1,000 records", rate, "entries/s", "REST batch, same records", same_records,
        ">= 90%" if label == "OTLP protobuf" else "")
add("raw SQLite insert (same rows, WAL, fsync)", sqlite_rate, "rows/s")
add("openssl AES-256-GCM, 256-byte blocks", aes_ops, "ops/s")
add("openssl RSA-2048 verify", rsa_verify, "ops/s")

def read_latency(label):
    # One connection: the latency of a read on its own, not the queueing of many.
    run = wrk(server.url("/logs?limit=100"), seconds, connections=1, headers={"Authorization": server.token})
    return run.rate, run.p50, run.p99

log("==> GET /logs at 100,000 entries")
current = int((rest + rpc) * seconds * 1000) + int(single * seconds)
if current < 100_000:
    fill(server, 100_000 - current)
small_rate, small50, small99 = read_latency("100k")
add("GET /logs (100 newest), 100k entries: p99", small99, f"ms (p50 {small50:.2f} ms)", target="p99 < 2 ms")
log(f"==> GET /logs at {args.large_entries:,} entries")
fill(server, args.large_entries - max(current, 100_000))
large_rate, large50, large99 = read_latency("large")
add(f"GET /logs (100 newest), {args.large_entries:,} entries: p99", large99, f"ms (p50 {large50:.2f} ms)",
    "p99 at 100k", small99, "p99 < 2 ms, <= 120% of 100k")
add("RSS idle", idle_kb / 1024, "MB", target="< 40 MB")
add("RSS peak (under the loads above)", server.peak_kb / 1024, "MB", target="< 200 MB")
server.stop()

columns = ["figure", "value", "unit", "baseline", "baseline value", "ratio", "target"]
print(f"machine: {machine()}\n")
print(table(rows, columns))
write_section(args.output, "service",
              f"## The service next to the machine's ceilings\n\n"
              f"Command: `Benchmarks/service --seconds {seconds} --large-entries {args.large_entries}`, run {time.strftime('%Y-%m-%d')}; "
              f"machine: {machine()}.\nEach figure ran for {seconds} s with wrk (2 threads; 32 connections for single requests, "
              "8 for batches, 1 for the read latencies) against the release binary on a fresh data dir with the default "
              "configuration (fsync on every group commit). The baselines ran in the same session.\n\n"
              + table(rows, columns) + "\n\n![throughput next to baselines](benchmarks.png)\n")
plt = pyplot()
if plt:
    labels = ["healthz req/s", "POST 1 entry req/s", "REST batch entries/s", "RPC batch entries/s", "raw SQLite rows/s"]
    values = [healthz, single, rest * 1000, rpc * 1000, sqlite_rate]
    figure, axis = plt.subplots(figsize=(8, 4))
    axis.barh(labels, values, color=["#888", "#2a6", "#26a", "#26a", "#888"])
    axis.set_xscale("log")
    axis.set_xlim(left=1000)
    axis.set_xlabel("per second (log scale); grey: baselines")
    figure.tight_layout()
    figure.savefig(os.path.join(os.path.dirname(args.output), "benchmarks.png"), dpi=120)
