"""An API key next to a token (see Benchmarks/credentials): the same requests on one server, in rounds that alternate
between the two credentials, with the server's CPU per request; the median of each figure."""
import argparse, statistics, subprocess, time
from harness import MESSAGE, Server, log, machine, table, wrk, write_section

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--rounds", type=int, default=4)
parser.add_argument("--seconds", type=int, default=6)
parser.add_argument("--output", default="docs/benchmarks.md")
args = parser.parse_args()



def api_key(server):
    """An admin-role key of the admin's tenant, made by the CLI on the served data dir, as an operator would."""
    made = subprocess.run([args.binary, "api-keys", "create", "--data-dir", server.data_dir, "--tenant", "default",
                           "--role", "admin", "--name", "benchmark"], capture_output=True, text=True, check=True).stdout
    return next(line.split(": ", 1)[1] for line in made.splitlines() if line.startswith("key: "))


server = Server(args.binary)
credentials = {"token (ID token, verified once, then cached)": server.token, "API key": "Bearer " + api_key(server)}
single = '{"severity": "info", "message": "%s"}' % MESSAGE
loads = [("POST /logs, 1 entry", "/logs", "POST", single, 32), ("GET /logs?limit=1", "/logs?limit=1", "GET", None, 32)]
samples = {name: {load[0]: [] for load in loads} for name in credentials}
for round_number in range(1, args.rounds + 1):
    for name, credential in credentials.items():
        log(f"==> round {round_number} of {args.rounds}: {name}")
        for label, path, method, body, connections in loads:
            before = server.cpu_seconds()
            run = wrk(server.url(path), args.seconds, connections=connections, method=method, body=body,
                      headers={"Authorization": credential, "Content-Type": "application/json"})
            samples[name][label].append((run.rate, (server.cpu_seconds() - before) / (run.rate * args.seconds) * 1e6))
server.stop()

token_name, key_name = list(credentials)
rows = []
for label, *_ in loads:
    for index, figure in ((0, "req/s"), (1, "server CPU, µs per request")):
        token = statistics.median(s[index] for s in samples[token_name][label])
        key = statistics.median(s[index] for s in samples[key_name][label])
        spread = lambda name: ", ".join(f"{s[index]:,.0f}" for s in samples[name][label])
        rows.append((f"{label}: {figure}", token, key, f"{key / token:.0%}", spread(token_name), spread(key_name)))
columns = ["figure", "token (median)", "API key (median)", "key / token", "token, each round", "key, each round"]
print(f"machine: {machine()}\n")
print(table(rows, columns))
write_section(args.output, "credentials",
              "## An API key next to a token\n\n"
              f"Command: `Benchmarks/credentials --rounds {args.rounds} --seconds {args.seconds}`, run {time.strftime('%Y-%m-%d')}; "
              f"machine: {machine()}. One release binary; each round runs each request for {args.seconds} s with wrk (32 "
              "connections) with the admin's ID token (verified once, then a cache lookup plus the revocation and "
              "signing-key checks) and with an admin-role API key made by `logsvc api-keys create` (a lookup by id and one "
              "HMAC-SHA256); rounds alternate between the two, and the table gives the median. The target: a key costs no "
              "more than a cached token.\n\n" + table(rows, columns) + "\n")
