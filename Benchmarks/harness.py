"""What the benchmark drivers share: the server under test, wrk runs, request bodies, and docs/benchmarks.md sections."""
import atexit, json, os, platform, re, shutil, signal, subprocess, sys, tempfile, threading, time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from logsvc_process import StartFailed, admin_token, serve  # noqa: E402

MESSAGE = "x" * 200
scratch = []  # data dirs (several GB with 10M entries), removed at exit
atexit.register(lambda: [shutil.rmtree(path, ignore_errors=True) for path in scratch])


def log(text):
    print(text, file=sys.stderr, flush=True)


class Server:
    """The release binary serving a data dir on a free loopback port, with an admin token and RSS sampling."""

    def __init__(self, binary, data_dir=None, config=None):
        """`config`: YAML merged over the defaults (`serve --config`)."""
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="logsvc-bench-")
        scratch.append(self.data_dir)
        self.log_path = self.data_dir + ".log"
        scratch.append(self.log_path)
        config_path = None
        if config:
            config_path = self.data_dir + ".yaml"
            with open(config_path, "w") as file:
                file.write(config)
            scratch.append(config_path)
        started = time.perf_counter()
        try:
            self.process, self.port = serve(binary, self.data_dir, self.log_path, config=config_path,
                                            env=dict(os.environ, LOGSVC_LOG_LEVEL="warning"))
        except StartFailed as failure:
            sys.exit(str(failure))
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1).read()
                break
            except Exception:
                time.sleep(0.002)
        self.start_ms = (time.perf_counter() - started) * 1000
        self.token = admin_token(binary, self.data_dir)
        self.peak_kb = 0
        threading.Thread(target=self._sample, daemon=True).start()

    def cpu_seconds(self):
        """User and system CPU the server has used so far, in seconds (/proc/PID/stat)."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

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

    def metrics(self):
        """GET /metrics as [(name, {label: value}, sample)]."""
        samples = []
        for line in urllib.request.urlopen(self.url("/metrics"), timeout=10).read().decode().splitlines():
            found = re.match(r"^(\w+)(\{[^}]*\})?\s+([\d.e+-]+|\+Inf)$", line)
            if found:
                labels = dict(re.findall(r'(\w+)="([^"]*)"', found.group(2) or ""))
                samples.append((found.group(1), labels, float(found.group(3))))
        return samples

    def json_headers(self):
        return {"Authorization": self.token, "Content-Type": "application/json"}

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()


class Run:
    """One wrk run: requests/s, latency percentiles (ms), and the answers by status."""

    def __init__(self, rate, p50, p99, statuses, retry_after, socket_errors):
        self.rate, self.p50, self.p99 = rate, p50, p99
        self.socket_errors = socket_errors  # connect, read, write and timeout errors wrk saw
        self.statuses = statuses  # {status: count}
        self.retry_after = retry_after  # non-2xx answers that carried Retry-After

    def count(self, predicate=lambda status: True):
        return sum(n for status, n in self.statuses.items() if predicate(status))


def wrk(url, seconds, connections=32, method="GET", body=None, headers=None, expect_success=True, honor_retry_after=False,
        pause_ms=0.0, body_files=None, body_template=None):
    """Runs wrk (2 threads) and counts the answers by status; warns about non-2xx answers when `expect_success`.
    With `honor_retry_after`, a connection answered 429/503 waits its Retry-After seconds before its next request;
    with `pause_ms`, every connection waits that long after each answer. Bodies that must differ from request to
    request (a server that recognises a repeated body): `body_files`, files sent in turn, or `body_template`, a pair
    of files (head, tail) sent with a 12-digit number unique to the request between them."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lines = [f"wrk.method = {json.dumps(method)}"]
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body)}")
    if body_files or body_template:
        lines.append(f"""
local function slurp(path) local file = io.open(path, "rb"); local data = file:read("*a"); file:close(); return data end
local paths = {{{", ".join(json.dumps(path) for path in (body_files or []))}}}
local template = {{{", ".join(json.dumps(path) for path in (body_template or []))}}}
local sent = 0
function request()
  if bodies == nil then
    bodies = {{}}
    for index, path in ipairs(paths) do bodies[index] = slurp(path) end
    if #template == 2 then head = slurp(template[1]); tail = slurp(template[2]) end
  end
  sent = sent + 1
  local body
  if head then
    body = head .. string.format("%012d", id * 1000000000 + sent) .. tail
  else
    body = bodies[((sent - 1) * 2 + id - 1) % #bodies + 1]
  end
  return wrk.format(nil, nil, nil, body)
end""")
    for name, value in (headers or {}).items():
        lines.append(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}")
    if honor_retry_after or pause_ms:
        lines.append(f"""
local wait_ms = 0
function delay() local ms = wait_ms; wait_ms = 0; return ms + {pause_ms:.3f} end""")
    lines.append(f"HONOR_RETRY_AFTER = {'true' if honor_retry_after else 'false'}")
    lines.append("""
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
function init(args) statuses = {}; retry_after = 0 end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local after = headers["Retry-After"] or headers["retry-after"]
  if status >= 300 and after then
    retry_after = retry_after + 1
    if delay and HONOR_RETRY_AFTER then wait_ms = tonumber(after) * 1000 end
  end
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do io.write(string.format("status %d %d\\n", status, count)) end
    io.write(string.format("retry_after %d\\n", thread:get("retry_after")))
  end
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
    statuses = {}
    for status, count in re.findall(r"^status (\d+) (\d+)$", result, re.M):
        statuses[int(status)] = statuses.get(int(status), 0) + int(count)
    retry_after = sum(int(n) for n in re.findall(r"^retry_after (\d+)$", result, re.M))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", result)
    run = Run(rate, percentiles.get("50", 0), percentiles.get("99", 0), statuses, retry_after,
              sum(int(n) for n in errors.groups()) if errors else 0)
    failed = run.count(lambda status: status >= 300)
    if expect_success and failed:
        log(f"warning: {failed} non-2xx answers from {method} {url} (by status: {run.statuses})")
    return run


def batch_body(count):
    return json.dumps({"entries": [{"severity": "info", "message": MESSAGE} for _ in range(count)]})


def fill(server, total, bodies=None, batch=1000):
    """Stores `total` more entries with POST /logs: `batch`-entry bodies (`bodies`, files sent in turn, each of `batch`
    entries; else `batch_body(batch)`) with wrk, each run sized by the rate measured so far to end a second or more
    short of the total, counted by the server's `logsvc_entries_ingested_total` (wrk does not count the answers of
    the requests still running when it stops), then the rest one request at a time, so the count never passes it."""
    def ingested():
        return sum(value for name, _, value in server.metrics() if name == "logsvc_entries_ingested_total")
    body = None if bodies else batch_body(batch)
    first = ingested()
    stored, rate = 0, 150_000.0  # entries per second
    while total - stored > 2 * rate:
        seconds = max(1, min(30, int((total - stored) / rate) - 1))
        run = wrk(server.url("/logs"), seconds, connections=8, method="POST", body=body, body_files=bodies,
                  headers=server.json_headers(), expect_success=False)
        rate = max(run.rate * batch, 1_000.0)
        stored = int(ingested() - first)
        log(f"    {stored:,} of {total:,} entries")
    while stored < total:
        count = min(batch, total - stored)
        if bodies:
            entries = json.load(open(bodies[0]))["entries"][:count]
            data = json.dumps({"entries": entries}).encode()
        else:
            data = batch_body(count).encode()
        request = urllib.request.Request(server.url("/logs"), data=data, method="POST", headers=server.json_headers())
        with urllib.request.urlopen(request, timeout=60) as answer:
            answer.read()
        stored += count
    log(f"    {stored:,} of {total:,} entries")


def rpc_body(count):
    return json.dumps({"jsonrpc": "2.0", "id": 1, "method": "logs.putBatch",
                       "params": {"entries": [{"severity": "info", "message": MESSAGE} for _ in range(count)]}})


def machine():
    return (f"{os.cpu_count()} cores, " + next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
            + f", {platform.system()} {platform.release()}, " + subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip())


def table(rows, columns):
    """A Markdown table; numbers get thousands separators."""
    def cell(value):
        if isinstance(value, float):
            return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
        if isinstance(value, int):
            return f"{value:,}"
        return "" if value is None else str(value)
    return "\n".join(["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
                     + ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows])


def write_section(path, name, section, writer=None):
    """Replaces (or appends) the `<!-- name:begin ... -->`…`<!-- name:end -->` section of the Markdown file at `path`,
    written by the command `writer` (Benchmarks/`name` unless given)."""
    begin = f"<!-- {name}:begin (written by {writer or 'Benchmarks/' + name}; edit outside these markers) -->\n"
    end = f"<!-- {name}:end -->\n"
    document = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    if f"<!-- {name}:begin" in document and end in document:
        document = document[:document.index(f"<!-- {name}:begin")] + begin + section + end + document[document.index(end) + len(end):]
    else:
        document = document.rstrip("\n") + "\n\n" + begin + section + end
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as out:
        out.write(document)


def pyplot():
    """matplotlib's pyplot for PNG output, or None when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        return plt
    except ImportError:
        log("matplotlib is not installed: no plot")
        return None
