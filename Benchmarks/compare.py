"""Two release binaries side by side (see Benchmarks/compare): rounds that alternate between them, each on a fresh
data dir, so that the machine's drift (disk, other load) falls on both alike; the median of each figure."""
import argparse, statistics, time
from harness import MESSAGE, Server, batch_body, log, machine, rpc_body, table, wrk, write_section

parser = argparse.ArgumentParser()
parser.add_argument("--baseline", required=True, help="the binary before the change")
parser.add_argument("--binary", required=True, help="the binary after it")
parser.add_argument("--rounds", type=int, default=4)
parser.add_argument("--seconds", type=int, default=8)
parser.add_argument("--output", default="docs/benchmarks.md")
args = parser.parse_args()



def measure(binary):
    """One round on a fresh server: {figure: value}."""
    server = Server(binary)
    figures = {}
    figures["GET /healthz (req/s)"] = wrk(server.url("/healthz"), args.seconds, connections=32).rate
    single = '{"severity": "info", "message": "%s"}' % MESSAGE
    before = server.cpu_seconds()
    run = wrk(server.url("/logs"), args.seconds, connections=32, method="POST", body=single, headers=server.json_headers())
    figures["POST /logs, 1 entry (req/s)"] = run.rate
    figures["POST /logs, 1 entry: server CPU (µs per request)"] = (server.cpu_seconds() - before) / (run.rate * args.seconds) * 1e6
    figures["POST /logs, 1 entry: p99 (ms)"] = run.p99
    run = wrk(server.url("/logs"), args.seconds, connections=8, method="POST", body=batch_body(1000), headers=server.json_headers())
    figures["POST /logs, 1,000-entry batches (entries/s)"] = run.rate * 1000
    run = wrk(server.url("/rpc"), args.seconds, connections=8, method="POST", body=rpc_body(1000), headers=server.json_headers())
    figures["POST /rpc, logs.putBatch of 1,000 (entries/s)"] = run.rate * 1000
    run = wrk(server.url("/logs"), args.seconds, connections=1, headers=server.json_headers())
    figures["GET /logs (100 newest) after the writes above: p50 (ms)"] = run.p50
    figures["GET /logs (100 newest) after the writes above: p99 (ms)"] = run.p99
    server.stop()
    return figures


samples = {"baseline": [], "binary": []}
for round_number in range(1, args.rounds + 1):
    for name, binary in (("baseline", args.baseline), ("binary", args.binary)):
        log(f"==> round {round_number} of {args.rounds}: {name}")
        samples[name].append(measure(binary))

rows = []
for figure in samples["binary"][0]:
    before = statistics.median(s[figure] for s in samples["baseline"])
    after = statistics.median(s[figure] for s in samples["binary"])
    spread = lambda name: ", ".join(f"{s[figure]:,.2f}" if s[figure] < 100 else f"{s[figure]:,.0f}" for s in samples[name])
    rows.append((figure, before, after, f"{after / before:.0%}", spread("baseline"), spread("binary")))
columns = ["figure", "before (median)", "after (median)", "after / before", "before, each round", "after, each round"]
print(f"machine: {machine()}\n")
print(table(rows, columns))
write_section(args.output, "compare",
              "## Before and after the last change\n\n"
              f"Command: `Benchmarks/compare BASELINE --rounds {args.rounds} --seconds {args.seconds}`, run "
              f"{time.strftime('%Y-%m-%d')}; machine: {machine()}. Each round starts each release binary on a fresh data "
              f"dir and runs each figure for {args.seconds} s with wrk (32 connections for single requests and /healthz, 8 "
              "for batches, 1 for reads); rounds alternate between the two binaries, so drift of the machine falls on both, "
              "and the table gives the median of the rounds.\n\n" + table(rows, columns) + "\n")
