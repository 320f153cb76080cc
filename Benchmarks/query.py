"""Queries over a large store next to this machine's ceilings, measured in one run (see Benchmarks/query).

The store: `--entries` entries of about 200-byte messages with 5 attributes (`service.name`, one of 20 services,
`http.method`, `http.status_code`, `user.id`, `duration_ms`), severities mixed, posted through POST /logs with the
default configuration (so `service.name` is indexed), stamped by the server as they arrive, in time order as a
service's logs come (client timestamps spread over days made every batch insert all over the table's B-tree,
which slowed the fill tenfold and is not how logs arrive).
"""
import argparse, json, os, random, subprocess, tempfile, time, urllib.parse, urllib.request
from harness import Server, fill, log, machine, scratch, table, wrk, write_section

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--entries", type=int, default=10_000_000)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--output", default="docs/benchmarks.md")
args = parser.parse_args()

SERVICES = [f"svc-{index:02}" for index in range(20)]
WORDS = ("request served user cache database connection pool worker queue retry upstream payload session token "
         "order payment invoice checkout search index shard replica leader follower commit rollback latency").split()
RARE = "zyzzyva"  # in one entry of one body: about one entry in 250,000
COMMON = "timeout"  # in about one message of 20
BODIES, BATCH = 250, 1000


def message(generator, extra):
    words = [extra] if extra else []
    while sum(len(word) + 1 for word in words) < 200:
        words.append(generator.choice(WORDS))
    generator.shuffle(words)
    return " ".join(words)[:200]


def bodies(directory):
    """BODIES files of BATCH entries (each sent about `--entries / (BODIES * BATCH)` times)."""
    generator = random.Random(19)
    paths = []
    for file in range(BODIES):
        entries = []
        for index in range(BATCH):
            number = file * BATCH + index
            extra = RARE if number == 0 else COMMON if generator.random() < 0.05 else None
            severity = generator.choices(["debug", "info", "warn", "error"], [15, 70, 10, 5])[0]
            entries.append({
                "severity": severity, "message": message(generator, extra),
                "attributes": {"service.name": SERVICES[number % len(SERVICES)],
                               "http.method": generator.choice(["GET", "POST", "PUT"]),
                               "http.status_code": generator.choice([200, 200, 200, 201, 404, 500, 503]),
                               "user.id": f"u-{generator.randrange(100_000):05}",
                               "duration_ms": round(generator.uniform(0.5, 900), 2)}})
        path = os.path.join(directory, f"body.{file}.json")
        with open(path, "w") as out:
            json.dump({"entries": entries}, out)
        paths.append(path)
    return paths


def warm(path):
    """Reads the file once, so that the figure after it finds it in the page cache: a scan reads the store newest
    first, backwards through the file, which the kernel's readahead does not help."""
    with open(path, "rb") as file:
        while file.read(1 << 20):
            pass


def query(server, text, cursor=None, limit=100):
    body = {"query": text, "limit": limit} | ({"cursor": cursor} if cursor else {})
    request = urllib.request.Request(server.url("/logs/query"), data=json.dumps(body).encode(), method="POST",
                                     headers=server.json_headers())
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.load(answer)


def follow(server, text):
    """Runs `text` through every cursor: (seconds, calls, entries or rows answered, server CPU seconds)."""
    cpu, started = server.cpu_seconds(), time.perf_counter()
    cursor, calls, answered = None, 0, 0
    while True:
        page = query(server, text, cursor)
        calls += 1
        answered += len(page.get("logs", page.get("rows", [])))
        cursor = page.get("nextCursor")
        if not cursor:
            return time.perf_counter() - started, calls, answered, server.cpu_seconds() - cpu


def ceiling(database, threads):
    """Benchmarks/scan-ceiling.c over the same file: (entries, seconds)."""
    binary = os.path.join(tempfile.mkdtemp(prefix="logsvc-bench-ceiling-"), "scan-ceiling")
    scratch.append(os.path.dirname(binary))
    subprocess.run(["cc", "-O2", "-o", binary, os.path.join(os.path.dirname(__file__), "scan-ceiling.c"),
                    "-lsqlite3", "-lcrypto", "-lpthread"], check=True)
    entries, seconds = subprocess.run([binary, database, "default", str(threads)], capture_output=True, text=True,
                                      check=True).stdout.split()
    return int(entries), float(seconds)


rows = []
cores = os.cpu_count()
log(f"==> {BODIES} bodies of {BATCH} entries")
directory = tempfile.mkdtemp(prefix="logsvc-bench-bodies-")
scratch.append(directory)
paths = bodies(directory)
server = Server(args.binary)
log(f"==> storing {args.entries:,} entries")
started = time.perf_counter()
fill(server, args.entries, bodies=paths, batch=BATCH)
fill_seconds = time.perf_counter() - started
database = os.path.join(server.data_dir, "entries.sqlite")
size = sum(os.path.getsize(os.path.join(server.data_dir, name)) for name in os.listdir(server.data_dir)
           if name.startswith("entries.sqlite"))

log(f"==> unindexed word search over every entry: {RARE}")
warm(database)
seconds, calls, found, cpu = follow(server, RARE)
scan_rate = args.entries / seconds
log(f"==> the ceiling: SQLite scan + AES-256-GCM on {cores} threads")
warm(database)
ceiling_entries, ceiling_seconds = ceiling(database, cores)
ceiling_rate = ceiling_entries / ceiling_seconds
rows.append((f"word search, no index: entries examined/s ({found} found, {calls:,} calls)", scan_rate, "entries/s",
             f"SQLite scan + AES-GCM, {cores} threads", ceiling_rate, f"{100 * scan_rate / ceiling_rate:.0f}%",
             ">= 1,000,000/s and >= 50%"))
rows.append(("  its server CPU per wall second", cpu / seconds, "cores", "", None, "", f"{cores} cores"))

log("==> indexed equality + word, first page of 100")
text = f'service.name = "{SERVICES[7]}" and {COMMON}'
page = query(server, text)
assert len(page["logs"]) == 100, f"{text} answered {len(page['logs'])} entries"
url = server.url("/logs?" + urllib.parse.urlencode({"query": text, "limit": 100}))
run = wrk(url, args.seconds, connections=1, headers={"Authorization": server.token})
rows.append((f"`{text}`, first 100: p99", run.p99, f"ms (p50 {run.p50:.2f} ms, {run.rate:.0f} req/s)", "", None, "",
             "p99 < 20 ms"))

log("==> stats count() by bin(1h), severity over every entry")
text = "| stats count() by bin(1h), severity"
warm(database)
seconds, calls, groups, _ = follow(server, text)
rows.append((f"`{text}` ({groups:,} rows, {calls} calls)".replace("|", "\\|"), seconds, "s", "", None, "", "< 3 s"))
rows.append(("RSS peak (the fill and every query above)", server.peak_kb / 1024, "MB", "", None, "", "< 200 MB"))
server.stop()

columns = ["figure", "value", "unit", "baseline", "baseline value", "ratio", "target"]
print(f"machine: {machine()}\n")
print(table(rows, columns))
write_section(args.output, "query",
              f"## Queries over {args.entries:,} entries\n\n"
              f"Command: `Benchmarks/query --entries {args.entries}`, run {time.strftime('%Y-%m-%d')}; machine: {machine()}.\n"
              f"The store: {args.entries:,} entries of 200-byte messages with 5 attributes (`service.name` one of 20 "
              f"services, `http.method`, `http.status_code`, `user.id`, `duration_ms`), posted in "
              f"{fill_seconds:.0f} s through `POST /logs` with the default configuration (`service.name` indexed); "
              f"{size / 1e9:.1f} GB on disk. The release binary, then the ceiling over the same file, in the same run; "
              "the data file is read once before each figure, so that each finds it in the page cache; the word search "
              "follows every cursor.\n\n"
              + table(rows, columns) + "\n")
