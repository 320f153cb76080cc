"""Drives the release binary with wrk and measures it next to the machine's own ceilings (see Benchmarks/service)."""
import argparse, atexit, json, shutil, os, platform, re, signal, sqlite3, statistics, subprocess, sys, tempfile, threading, time
import urllib.request, uuid

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--large-entries", type=int, default=10_000_000)
parser.add_argument("--output", default="docs/benchmarks.md")
args = parser.parse_args()
MESSAGE = "x" * 200
rows = []  # (figure, value, unit, baseline name, baseline value, ratio text, target text)
scratch = []  # data dirs (several GB with 10M entries), removed at exit
atexit.register(lambda: [shutil.rmtree(path, ignore_errors=True) for path in scratch])


def log(text):
    print(text, file=sys.stderr, flush=True)


class Server:
    def __init__(self, binary, data_dir=None):
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="logsvc-bench-")
        scratch.append(self.data_dir)
        self.log_path = self.data_dir + ".log"
        started = time.perf_counter()
        self.process = subprocess.Popen([binary, "serve", "--data-dir", self.data_dir, "--port", "0"],
                                        stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT,
                                        env=dict(os.environ, LOGSVC_LOG_LEVEL="warning"))
        self.port = None
        while self.port is None:
            if self.process.poll() is not None:
                sys.exit("logsvc exited:\n" + open(self.log_path).read())
            found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(self.log_path).read())
            if found:
                self.port = int(found.group(1))
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1).read()
                break
            except Exception:
                time.sleep(0.002)
        self.start_ms = (time.perf_counter() - started) * 1000
        self.token = subprocess.run([binary, "token", "--data-dir", self.data_dir, "--username", "admin"],
                                    capture_output=True, text=True, check=True).stdout.strip()
        self.peak_kb = 0
        self.sampling = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def rss_kb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))

    def _sample(self):
        while self.process.poll() is None:
            try:
                self.peak_kb = max(self.peak_kb, self.rss_kb())
            except (OSError, AttributeError):
                return  # the process has just exited
            time.sleep(0.1)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()


def wrk(url, seconds, connections=32, method="GET", body=None, headers=None):
    """Requests/s and latency percentiles (ms) of one wrk run; fails on any non-2xx answer."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lines = [f"wrk.method = {json.dumps(method)}"]
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body)}")
    for name, value in (headers or {}).items():
        lines.append(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}")
    lines.append("""
errors = 0
response = function(status, headers, body)
  if status >= 300 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non2xx %d\\n", summary.errors.status))
end""")
    script.write("\n".join(lines))
    script.close()
    result = subprocess.run(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, url],
                            capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
    percentiles = {}
    for label, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", result, re.M):
        percentiles[label] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non2xx = int(re.search(r"non2xx (\d+)", result).group(1))
    if non2xx:
        log(f"warning: {non2xx} non-2xx answers from {method} {url}")
    return rate, percentiles.get("50", 0), percentiles.get("99", 0), non2xx


def json_headers(server):
    return {"Authorization": server.token, "Content-Type": "application/json"}


def batch_body(count):
    return json.dumps({"entries": [{"severity": "info", "message": MESSAGE} for _ in range(count)]})


def rpc_body(count):
    return json.dumps({"jsonrpc": "2.0", "id": 1, "method": "logs.putBatch",
                       "params": {"entries": [{"severity": "info", "message": MESSAGE} for _ in range(count)]}})


def sqlite_ceiling(seconds):
    """Inserts rows shaped like stored entries (tenant, ts, id, severity, ~230-byte sealed blob) into the same
    schema, WAL, synchronous=FULL, 1,000 rows per transaction: rows/s."""
    directory = tempfile.mkdtemp(prefix="logsvc-bench-sqlite-")
    scratch.append(directory)
    db = sqlite3.connect(os.path.join(directory, "raw.sqlite"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE entries (tenant TEXT NOT NULL, ts INTEGER NOT NULL, id TEXT NOT NULL, severity INTEGER NOT NULL,"
               " sealed BLOB NOT NULL, PRIMARY KEY (tenant, ts, id)) WITHOUT ROWID")
    sealed = os.urandom(232)
    inserted, ts = 0, 0
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        batch = []
        for _ in range(1000):
            ts += 1
            batch.append(("default", ts, str(uuid.uuid4()), 20, sealed))
        db.execute("BEGIN")
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", batch)
        db.execute("COMMIT")
        inserted += 1000
    return inserted / (time.perf_counter() - started)


def openssl_speed():
    aes = subprocess.run(["openssl", "speed", "-evp", "aes-256-gcm", "-bytes", "256", "-seconds", "3"],
                         capture_output=True, text=True).stdout
    kilobytes = float(re.search(r"^aes-256-gcm\s+([\d.]+)k", aes, re.M | re.I).group(1))
    rsa = subprocess.run(["openssl", "speed", "-seconds", "3", "rsa2048"], capture_output=True, text=True).stdout
    verify = re.search(r"^rsa\s+2048 bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", rsa, re.M)
    return kilobytes * 1000 / 256, float(verify.group(2)) if verify else 0.0


def fill(server, total, batch=1000):
    """Stores `total` entries in 1,000-entry batches with wrk until the count is reached."""
    body = batch_body(batch)
    stored = 0
    while stored < total:
        seconds = max(1, min(30, int((total - stored) / 150_000) + 1))
        rate, _, _, _ = wrk(server.url("/logs"), seconds, connections=8, method="POST", body=body, headers=json_headers(server))
        stored += int(rate * seconds) * batch
        log(f"    {stored:,} of {total:,} entries")


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
healthz, h50, h99, _ = wrk(server.url("/healthz"), seconds)
add("GET /healthz", healthz, "req/s", target="(ceiling of the server)")

log("==> POST /logs, one entry per request")
single, s50, s99, _ = wrk(server.url("/logs"), seconds, method="POST",
                          body=json.dumps({"severity": "info", "message": MESSAGE}), headers=json_headers(server))
add("POST /logs, 1 entry (authenticated)", single, "req/s", "GET /healthz", healthz, ">= 75%")
add("POST /logs, 1 entry: p50 / p99", s50, f"ms / {s99:.2f} ms")

log("==> batched ingest")
rest, r50, r99, _ = wrk(server.url("/logs"), seconds, connections=8, method="POST", body=batch_body(1000), headers=json_headers(server))
add("POST /logs, 1,000-entry batches", rest * 1000, "entries/s", "raw SQLite insert", sqlite_rate, ">= 50% and >= 150,000/s")
rpc, _, _, _ = wrk(server.url("/rpc"), seconds, connections=8, method="POST", body=rpc_body(1000), headers=json_headers(server))
add("POST /rpc, logs.putBatch of 1,000", rpc * 1000, "entries/s", "raw SQLite insert", sqlite_rate, ">= 50%")
add("raw SQLite insert (same rows, WAL, fsync)", sqlite_rate, "rows/s")
add("openssl AES-256-GCM, 256-byte blocks", aes_ops, "ops/s")
add("openssl RSA-2048 verify", rsa_verify, "ops/s")

def read_latency(label):
    # One connection: the latency of a read on its own, not the queueing of many.
    rate, p50, p99, _ = wrk(server.url("/logs?limit=100"), seconds, connections=1, headers={"Authorization": server.token})
    return rate, p50, p99

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

machine = (f"{os.cpu_count()} cores, " + next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
           + f", {platform.system()} {platform.release()}, " + subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip())
header = f"| figure | value | unit | baseline | baseline value | ratio | target |\n|---|---:|---|---|---:|---:|---|"
table = "\n".join(f"| {f} | {v:,.2f} | {u} | {b} | {'' if bv is None else (f'{bv:,.2f}' if bv < 100 else f'{bv:,.0f}')} | {r} | {t} |" for f, v, u, b, bv, r, t in rows)
print(f"machine: {machine}\n")
print(header + "\n" + table)
os.makedirs(os.path.dirname(args.output), exist_ok=True)
section = (f"<!-- service:begin (written by Benchmarks/service; edit outside these markers) -->\n"
           f"## The service next to the machine's ceilings\n\n"
           f"Command: `Benchmarks/service --seconds {seconds} --large-entries {args.large_entries}`, run {time.strftime('%Y-%m-%d')}; "
           f"machine: {machine}.\nEach figure ran for {seconds} s with wrk (2 threads; 32 connections for single requests, "
           "8 for batches, 1 for the read latencies) against the release binary on a fresh data dir with the default "
           "configuration (fsync on every group commit). The baselines ran in the same session.\n\n"
           + header + "\n" + table + "\n\n![throughput next to baselines](benchmarks.png)\n<!-- service:end -->\n")
document = open(args.output).read() if os.path.exists(args.output) else "# Benchmarks\n"
if "<!-- service:begin" in document and "<!-- service:end -->" in document:
    before = document[:document.index("<!-- service:begin")]
    after = document[document.index("<!-- service:end -->") + len("<!-- service:end -->\n"):]
    document = before + section + after
else:
    marker = document.find("\n## ")
    document = document + "\n" + section if marker < 0 else document[:marker + 1] + section + "\n" + document[marker + 1:]
with open(args.output, "w") as out:
    out.write(document)
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    labels = ["healthz req/s", "POST 1 entry req/s", "REST batch entries/s", "RPC batch entries/s", "raw SQLite rows/s"]
    values = [healthz, single, rest * 1000, rpc * 1000, sqlite_rate]
    figure, axis = plt.subplots(figsize=(8, 4))
    axis.barh(labels, values, color=["#888", "#2a6", "#26a", "#26a", "#888"])
    axis.set_xscale("log")
    axis.set_xlim(left=1000)
    axis.set_xlabel("per second (log scale); grey: baselines")
    figure.tight_layout()
    figure.savefig(os.path.join(os.path.dirname(args.output), "benchmarks.png"), dpi=120)
except ImportError:
    log("matplotlib is not installed: no plot")
