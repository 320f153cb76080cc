"""Holds the release binary at about 70% of its peak for a long run and reports each minute (see Benchmarks/soak)."""
import argparse, json, os, threading, time
from harness import MESSAGE, Server, log, machine, pyplot, table, wrk, write_section

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--minutes", type=int, default=10)
parser.add_argument("--load", type=float, default=0.7, help="share of the measured peak to hold")
parser.add_argument("--output", default="docs/benchmarks.md")
args = parser.parse_args()
CONNECTIONS = 32

server = Server(args.binary)
body = json.dumps({"severity": "info", "message": MESSAGE})
log("==> peak: POST /logs, one entry per request, 32 connections, 15 s")
peak = wrk(server.url("/logs"), 15, connections=CONNECTIONS, method="POST", body=body, headers=server.json_headers())
target = args.load * peak.rate
log(f"    peak {peak.rate:,.0f} req/s; holding {target:,.0f} req/s for {args.minutes} minutes")

rss = []  # (seconds since the soak began, MB)
started = time.monotonic()


def sample():
    while server.process.poll() is None:
        rss.append((time.monotonic() - started, server.rss_kb() / 1024))
        time.sleep(5)


threading.Thread(target=sample, daemon=True).start()
# Each connection waits `pause` ms after each answer; the pause is corrected every minute toward the target.
pause = max(0.0, 1000 * CONNECTIONS / target - peak.p50)
rows = []
for minute in range(1, args.minutes + 1):
    run = wrk(server.url("/logs"), 60, connections=CONNECTIONS, method="POST", body=body, headers=server.json_headers(),
              pause_ms=pause)
    memory = max((mb for t, mb in rss if t >= (minute - 1) * 60), default=server.rss_kb() / 1024)
    rows.append([minute, run.rate, f"{100 * run.rate / peak.rate:.0f}%", run.p50, run.p99, run.count(lambda s: s >= 300), memory])
    log(f"    minute {minute}: {run.rate:,.0f} req/s, p99 {run.p99:.2f} ms, RSS {memory:.1f} MB")
    if run.rate > 0:
        pause = max(0.0, (pause + run.p50) * run.rate / target - run.p50)
server.stop()

columns = ["minute", "req/s", "of peak", "p50 ms", "p99 ms", "errors", "RSS max MB"]
p99s = sorted(row[4] for row in rows)
worst = max(rows, key=lambda row: row[4])
summary = (f"Peak (same run, 32 connections, no pause): {peak.rate:,.0f} req/s. Per-minute p99: median {p99s[len(p99s) // 2]:.2f} ms, "
           f"first {rows[0][4]:.2f} ms, last {rows[-1][4]:.2f} ms, worst {worst[4]:.2f} ms (minute {worst[0]}). RSS: "
           f"{rows[0][6]:.1f} MB in minute 1, {rows[-1][6]:.1f} MB in minute {rows[-1][0]}. {sum(row[5] for row in rows)} requests failed.")
print(f"machine: {machine()}\n")
print(table(rows, columns))
print(summary)
write_section(args.output, "soak",
              f"## Soak: {args.minutes} minutes at {100 * args.load:.0f}% of peak\n\n"
              f"Command: `Benchmarks/soak --minutes {args.minutes}`, run {time.strftime('%Y-%m-%d')}; machine: {machine()}.\n"
              f"Authenticated single-entry `POST /logs` from 32 wrk connections, each pausing between requests so the rate "
              f"stays near {100 * args.load:.0f}% of the peak measured first; one wrk run per minute, RSS sampled every 5 s. "
              "Not part of CI.\n\n" + table(rows, columns) + "\n\n" + summary + "\n\n![p99 and RSS per minute](soak.png)\n")
plt = pyplot()
if plt:
    figure, axis = plt.subplots(figsize=(8, 3.2))
    axis.plot([row[0] for row in rows], [row[4] for row in rows], marker="o", color="#26a")
    axis.set_xlabel("minute")
    axis.set_ylabel("p99 ms", color="#26a")
    axis.set_ylim(bottom=0)
    memory = axis.twinx()
    memory.plot([t / 60 for t, _ in rss], [mb for _, mb in rss], color="#a62")
    memory.set_ylabel("RSS MB", color="#a62")
    memory.set_ylim(bottom=0)
    figure.tight_layout()
    figure.savefig(os.path.join(os.path.dirname(args.output), "soak.png"), dpi=100)
