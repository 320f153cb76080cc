"""Drives the release binary past its capacity and back (see Benchmarks/overload)."""
import argparse, json, os, resource, threading, time
from harness import MESSAGE, Server, batch_body, log, machine, pyplot, table, wrk, write_section

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--seconds", type=int, default=15, help="length of each phase")
parser.add_argument("--output", default="docs/benchmarks.md")
args = parser.parse_args()
# wrk and the server each hold one descriptor per connection.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


class RSSSampler(threading.Thread):
    """The server's RSS (MB) every 200 ms."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.samples, self.running, self.started = server, [], True, time.monotonic()

    def now(self):
        return time.monotonic() - self.started

    def run(self):
        while self.running:
            try:
                self.samples.append((self.now(), self.server.rss_kb() / 1024))
            except (OSError, AttributeError):
                return
            time.sleep(0.2)

    def peak(self, since, until):
        return max((rss for t, rss in self.samples if since <= t <= until), default=0)


def shed_seconds(server):
    """Upper bounds of the p50 and p99 of the server's time on refusals (429 and 503) of POST /logs (from its
    histogram)."""
    counts = {}
    for name, labels, count in server.metrics():
        if (name == "http_server_request_duration_bucket" and labels.get("http_route") == "/logs"
                and labels.get("http_response_status_code") in ("429", "503")):
            counts[float(labels["le"])] = counts.get(float(labels["le"]), 0) + count
    buckets = sorted(counts.items())
    total = buckets[-1][1] if buckets else 0
    if not total:
        return None, None
    return tuple(next(le for le, count in buckets if count >= share * total) for share in (0.5, 0.99))


def scenario(name, body, entries_per_request, nominal, overload, honor_retry_after):
    """Nominal load, then `overload` connections, then nominal again, on a fresh server: one row per phase."""
    log(f"==> {name}")
    # wrk's connections stand for many clients on many hosts, so the per-address limit is off.
    server = Server(args.binary, config="server:\n  max_connections_per_address: 0\n")
    sampler = RSSSampler(server)
    sampler.start()
    rows, phases, shed = [], [], (None, None)
    for phase, connections in (("nominal", nominal), ("overload", overload), ("recovery", nominal)):
        log(f"    {phase}: {connections} connections for {args.seconds} s")
        since = sampler.now()
        run = wrk(server.url("/logs"), args.seconds, connections=connections, method="POST", body=body,
                  headers=server.json_headers(), expect_success=False, honor_retry_after=honor_retry_after)
        until = sampler.now()
        if phase == "overload":
            shed = shed_seconds(server)
        stored = run.count(lambda status: 200 <= status < 300) * entries_per_request / args.seconds
        phases.append((phase, since, until, stored))
        refused = run.count(lambda status: status in (429, 503))
        rows.append([name, phase, connections, stored, run.count() / args.seconds,
                     f"{100 * refused / max(1, run.count()):.1f}%", f"{100 * run.retry_after / refused:.0f}%" if refused else "",
                     run.count(lambda status: status not in (429, 503) and status >= 300), run.socket_errors,
                     run.p50, run.p99, sampler.peak(since, until)])
    sampler.running = False
    server.stop()
    return rows, phases, sampler.samples, shed


batch = batch_body(1000)
single = json.dumps({"severity": "info", "message": MESSAGE})
results = [scenario(f"{label}, clients {'wait Retry-After' if honor else 'retry at once'}", body, entries, nominal, overload, honor)
           for label, body, entries, nominal, overload in (("1,000-entry batches", batch, 1000, 8, 1024),
                                                           ("1 entry per request", single, 1, 32, 1024))
           for honor in (False, True)]
columns = ["load", "phase", "connections", "stored entries/s", "answers/s", "shed (429, 503)", "shed with Retry-After",
           "other errors", "socket errors", "p50 ms", "p99 ms", "RSS max MB"]
rows = [row for result in results for row in result[0]]
notes = []
for result_rows, phases, _, (p50, p99) in results:
    nominal, overload, recovery = (stored for _, _, _, stored in phases)
    notes.append(f"- {result_rows[0][0]}: during the overload {100 * overload / nominal:.0f}% of the nominal rate was stored, "
                 f"after it {100 * recovery / nominal:.0f}%"
                 + (f"; the server refused within {p50 * 1000:g} ms (p50) and {p99 * 1000:g} ms (p99)." if p50 is not None else "."))
print(f"machine: {machine()}\n")
print(table(rows, columns))
print("\n".join(notes))
write_section(args.output, "overload",
              f"## Overload: past capacity and back\n\n"
              f"Command: `Benchmarks/overload --seconds {args.seconds}`, run {time.strftime('%Y-%m-%d')}; machine: {machine()}.\n"
              f"Each load runs three {args.seconds}-second phases of `POST /logs` with wrk (2 threads, closed loop) against the "
              "release binary on a fresh data dir with the default configuration. Clients that retry at once send a refused "
              "request again immediately; clients that wait Retry-After pause that connection for the given seconds. "
              "Stored entries/s count the entries of 2xx answers; socket errors are wrk's connect, read and timeout errors "
              "(`server.max_connections_per_address` is off, as wrk's connections stand for clients on many hosts); RSS is "
              "sampled every 200 ms. "
              "The refusal times are upper bounds of the server's own latency histogram.\n\n"
              + table(rows, columns) + "\n\n" + "\n".join(notes)
              + "\n\n![stored entries/s and RSS through the phases](overload.png)\n")
plt = pyplot()
if plt:
    figure, axes = plt.subplots(len(results), 1, figsize=(8, 2.6 * len(results)))
    for axis, (result_rows, phases, samples, _) in zip(axes, results):
        for phase, since, until, stored in phases:
            axis.hlines(stored, since, until, color="#26a", linewidth=3)
            if phase == "overload":
                axis.axvspan(since, until, color="#e48", alpha=0.12)
        axis.set_ylabel("stored entries/s", color="#26a")
        axis.set_ylim(bottom=0)
        axis.set_title(result_rows[0][0] + " (shaded: overload)", fontsize=9)
        memory = axis.twinx()
        memory.plot([t for t, _ in samples], [rss for _, rss in samples], color="#a62")
        memory.set_ylabel("RSS MB", color="#a62")
        memory.set_ylim(0, 250)
    axes[-1].set_xlabel("seconds")
    figure.tight_layout()
    figure.savefig(os.path.join(os.path.dirname(args.output), "overload.png"), dpi=100)
