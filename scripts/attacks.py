"""Hostile clients against the real binary (run by scripts/attack-test).

Each attack runs for a bounded time while legitimate clients of other tenants write, read, search, open a live
tail and check /healthz, each request on a connection of its own, from 127.0.0.1. Attackers connect from other
loopback addresses (127.0.0.2 and up; all of 127.0.0.0/8 is loopback), as clients on other hosts would. An attack
passes when the legitimate clients are served within the bounds in BOUNDS and the server's resident memory stays
under its bound, during the attack and after it."""
import argparse, base64, http.client, json, multiprocessing, os, random, shutil, socket, statistics, subprocess
import sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks"))
from logsvc_process import StartFailed, serve  # noqa: E402
from harness import machine, table, write_section  # noqa: E402

# What legitimate clients must see during every attack (documented in docs/security.md and docs/benchmarks.md).
BOUNDS = {
    "success": 0.99,        # share of legitimate requests answered as they would be without the attack
    "p99_ms": 1000,         # 99th percentile latency of legitimate writes, reads, searches and tails
    "healthz_p99_ms": 250,  # and of GET /healthz
    "rss_mb": 400,          # the server's resident memory, sampled every 100 ms
    "cpu_after": 0.25,      # cores the server uses in the second starting one second after the attackers left
}

MiB = 1024 * 1024


class Server:
    """`logsvc serve` on a fresh data dir with the default configuration, and the users the attacks need."""

    def __init__(self, binary):
        self.binary = binary
        self.data_dir = tempfile.mkdtemp(prefix="logsvc-attack-")
        self.log_path = self.data_dir + ".log"
        self.process, self.port = serve(binary, self.data_dir, self.log_path)
        self.tokens = {"admin": self.token("admin")}
        for user, tenant in [("alice", "acme"), ("bob", "globex"), ("mallory", "evil")]:
            subprocess.run([binary, "users", "create", "--data-dir", self.data_dir, user, "--tenant", tenant],
                           check=True, capture_output=True)
            self.tokens[user] = self.token(user)

    def token(self, user):
        return subprocess.run([self.binary, "token", "--data-dir", self.data_dir, "--username", user],
                              capture_output=True, text=True, check=True).stdout.strip()

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self, keep):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if not keep:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            os.remove(self.log_path)


def request(port, method, path, token=None, body=None, source="127.0.0.1", timeout=10, headers=None):
    """One request on a connection of its own: (status, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        fields = dict(headers or {})
        if token:
            fields["Authorization"] = token
        if body is not None:
            fields["Content-Type"] = "application/json"
            body = body if isinstance(body, bytes) else json.dumps(body).encode()
        connection.request(method, path, body=body, headers=fields)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def fill(port, token, count, message_bytes):
    """Stores `count` entries of `message_bytes` each for the token's tenant."""
    left = count
    while left:
        size = min(left, max(1, min(1000, 900_000 // (message_bytes + 64))))
        entries = [{"severity": "info", "message": f"{left - i} " + "x" * message_bytes} for i in range(size)]
        status, _ = request(port, "POST", "/logs", token, entries, timeout=60)
        assert status == 201, f"filling answered {status}"
        left -= size


# Legitimate clients -----------------------------------------------------------------------------------------


def probe(port, tokens, seconds, results):
    """Runs in a process of its own, so the attackers' threads never delay it: a write, a read, a search and
    /healthz in turn, as fast as each answers, and a live tail opened and closed every second; each client's
    tenant is another than the attacker's."""
    samples = []  # (kind, ok, milliseconds)

    def timed(kind, call, expected):
        started = time.perf_counter()
        try:
            status = call()
            ok = status in expected
        except OSError:
            ok = False
        samples.append((kind, ok, (time.perf_counter() - started) * 1000))

    def tail(token):
        connection = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=("127.0.0.1", 0))
        try:
            connection.sendall(f"GET /logs/tail HTTP/1.1\r\nHost: x\r\nAuthorization: {token}\r\n\r\n".encode())
            received = b""
            while b": connected" not in received:
                chunk = connection.recv(4096)
                if not chunk:
                    return 0
                received += chunk
            return int(received.split(b" ", 2)[1])
        finally:
            connection.close()

    deadline = time.monotonic() + seconds
    next_tail = 0.0
    users = ["alice", "bob"]
    turn = 0
    while time.monotonic() < deadline:
        token = tokens[users[turn % 2]]
        turn += 1
        timed("write", lambda: request(port, "POST", "/logs", token, {"severity": "info", "message": f"probe {turn}"})[0], {201})
        timed("read", lambda: request(port, "GET", "/logs?limit=20", token)[0], {200})
        timed("search", lambda: request(port, "GET", "/logs?limit=20&q=probe", token)[0], {200})
        timed("healthz", lambda: request(port, "GET", "/healthz")[0], {200})
        if time.monotonic() >= next_tail:
            timed("tail", lambda: tail(token), {200})
            next_tail = time.monotonic() + 1
        time.sleep(0.01)
    results.put(samples)


def summary(samples):
    def p99(values):
        return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else (values[0] if values else 0.0)
    others = [s for s in samples if s[0] != "healthz"]
    health = [s for s in samples if s[0] == "healthz"]
    return {
        "requests": len(samples),
        "success": sum(ok for _, ok, _ in samples) / max(1, len(samples)),
        "p99_ms": p99([ms for _, _, ms in others]),
        "healthz_p99_ms": p99([ms for _, _, ms in health]),
        "failures": sorted({kind for kind, ok, _ in samples if not ok}),
    }


# Attackers --------------------------------------------------------------------------------------------------


class Attack:
    """Threads that keep an attack going until `stop` is set; each attack is a function that starts them."""

    def __init__(self, port, tokens):
        self.port, self.tokens = port, tokens
        self.stop = threading.Event()
        self.threads = []
        self.sockets = []
        self.lock = threading.Lock()

    def spawn(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    def connect(self, source):
        connection = socket.socket()
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        connection.bind((source, 0))
        connection.settimeout(10)
        connection.connect(("127.0.0.1", self.port))
        with self.lock:
            self.sockets.append(connection)
        return connection

    def end(self):
        self.stop.set()
        with self.lock:
            for connection in self.sockets:
                try:
                    connection.close()
                except OSError:
                    pass
        for thread in self.threads:
            thread.join(timeout=15)

    def hold(self, source, opening, trickle=b"", every=1.0, after=0.0):
        """A connection that sends `opening`, then `trickle` every `every` seconds, reconnecting when closed; the
        first one `after` seconds from now."""
        self.stop.wait(after)
        while not self.stop.is_set():
            try:
                connection = self.connect(source)
                connection.sendall(opening)
                while not self.stop.wait(every):
                    if trickle:
                        connection.sendall(trickle)
                    elif _closed(connection):
                        break
            except OSError:
                self.stop.wait(0.2)


def _closed(connection):
    """True once the server has closed the connection; reads what has arrived without waiting."""
    try:
        return connection.recv(65536, socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def address(index):
    return f"127.0.0.{2 + index}"


def slow_rpc_bodies(attack, authenticated):
    """64 connections from each of 4 addresses POST /rpc declaring 2 MiB and sending a byte a second."""
    token = attack.tokens["mallory"] if authenticated else "Bearer forged.token.value"
    opening = (f"POST /rpc HTTP/1.1\r\nHost: x\r\nAuthorization: {token}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {2 * MiB}\r\n\r\n[").encode()
    for index in range(4):
        for _ in range(64):
            attack.spawn(attack.hold, address(index), opening, b" ", 1.0)


def idle_connections(attack):
    """256 connections from one address and 64 from each of 7 more, sending nothing."""
    for index in range(8):
        for _ in range(256 if index == 0 else 64):
            attack.spawn(attack.hold, address(index), b"", b"", 1.0)


def sparse_requests(attack):
    """64 keep-alive connections from each of 4 addresses, each sending one request every 20 s."""
    def client(source):
        while not attack.stop.is_set():
            try:
                connection = attack.connect(source)
                while not attack.stop.is_set():
                    connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                    if not connection.recv(4096):
                        break
                    attack.stop.wait(20)
            except OSError:
                attack.stop.wait(0.2)
    for index in range(4):
        for _ in range(64):
            attack.spawn(client, address(index))


def slow_heads(attack):
    """5,120 connections from 80 addresses, more than `server.max_connections`, each sending a request head a byte
    a second (a distributed slowloris); closed ones are opened again at once. One thread drives them all."""
    def drive():
        held = {}  # slot -> [socket, head started]
        slots = [(address(index // 64), index) for index in range(80 * 64)]
        while not attack.stop.is_set():
            for source, slot in slots:
                entry = held.get(slot)
                try:
                    if entry is None:
                        connection = socket.socket()
                        connection.bind((source, 0))
                        connection.setblocking(False)
                        connection.connect_ex(("127.0.0.1", attack.port))
                        held[slot] = [connection, False]
                        with attack.lock:
                            attack.sockets.append(connection)
                    elif _closed(entry[0]):
                        entry[0].close()
                        del held[slot]
                    else:
                        entry[0].send(b"X" if entry[1] else b"GET /logs HTTP/1.1\r\nX")
                        entry[1] = True
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    held.pop(slot, [socket.socket()])[0].close()
            attack.stop.wait(1)
        for connection, _ in held.values():
            connection.close()
    attack.spawn(drive)


def writes_without_body(attack):
    """The attacker tenant's writer opens 192 POST /logs with a valid token, Content-Length: 100 and no body."""
    opening = (f"POST /logs HTTP/1.1\r\nHost: x\r\nAuthorization: {attack.tokens['mallory']}\r\n"
               "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n").encode()
    for index in range(4):
        for _ in range(48):
            attack.spawn(attack.hold, address(index), opening, b"", 1.0)


def rpc_batch(calls):
    return json.dumps([{"jsonrpc": "2.0", "id": i, "method": "logs.query", "params": params}
                       for i, params in enumerate(calls)]).encode()


def costly_searches(attack):
    """13 connections sending JSON-RPC batches of 100 text searches over the attacker's 10,000 entries, one after
    another, and 4 more that send such a batch and hang up at once; plus batches of 250 calls (refused whole)."""
    token = attack.tokens["mallory"]
    searches = rpc_batch([{"q": f"absent {i}", "limit": 1000} for i in range(100)])
    oversized = rpc_batch([{"q": "absent"} for _ in range(250)])

    def batches(source, hang_up):
        while not attack.stop.is_set():
            try:
                connection = attack.connect(source)
                body = oversized if random.random() < 0.1 else searches
                connection.sendall((f"POST /rpc HTTP/1.1\r\nHost: x\r\nAuthorization: {token}\r\n"
                                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body)
                if hang_up:
                    connection.close()
                    attack.stop.wait(0.2)
                    continue
                while connection.recv(65536):
                    pass
            except OSError:
                attack.stop.wait(0.1)
    for index in range(13):
        attack.spawn(batches, address(index % 4), False)
    for index in range(4):
        attack.spawn(batches, address(4 + index), True)


def huge_answers(attack):
    """256 connections, opened over 5 s, each asking for a batch of 8 pages of 1,000 1-KiB entries (8 MiB) and never
    reading the answer; one in ten asks for 1,000 such pages."""
    token = attack.tokens["mallory"]
    def opening(calls):
        body = rpc_batch([{"limit": 1000} for _ in range(calls)])
        return (f"POST /rpc HTTP/1.1\r\nHost: x\r\nAuthorization: {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    for index in range(256):
        attack.spawn(attack.hold, address(index % 4), opening(1000 if index % 10 == 0 else 8), b"", 1.0, index * 0.02)


def many_tails(attack):
    """The attacker tenant opens 128 live tails and keeps them open, reading nothing."""
    opening = f"GET /logs/tail HTTP/1.1\r\nHost: x\r\nAuthorization: {attack.tokens['mallory']}\r\n\r\n".encode()
    for index in range(4):
        for _ in range(32):
            attack.spawn(attack.hold, address(index), opening, b"", 1.0)


def forged_tokens(attack):
    """64 keep-alive connections sending requests with tokens signed by a key the service does not trust, as fast
    as they are answered."""
    header, payload, signature = attack.tokens["mallory"].split(".")
    forged = ".".join([header, payload, base64.urlsafe_b64encode(os.urandom(256)).rstrip(b"=").decode()])

    def flood(source):
        while not attack.stop.is_set():
            try:
                connection = attack.connect(source)
                file = connection.makefile("rb")
                while not attack.stop.is_set():
                    connection.sendall(f"GET /logs HTTP/1.1\r\nHost: x\r\nAuthorization: {forged}\r\n\r\n".encode())
                    length = 0
                    while (line := file.readline()) not in (b"\r\n", b""):
                        if line.lower().startswith(b"content-length:"):
                            length = int(line.split(b":")[1])
                    if not line:
                        break
                    file.read(length)
            except OSError:
                attack.stop.wait(0.1)
    for index in range(64):
        attack.spawn(flood, address(index % 4))


ATTACKS = [
    ("slow unauthenticated /rpc bodies", "256 connections without a token POST /rpc declaring 2 MiB, a byte a second",
     lambda attack: slow_rpc_bodies(attack, authenticated=False)),
    ("slow authenticated /rpc bodies", "the same with the attacker tenant's valid token",
     lambda attack: slow_rpc_bodies(attack, authenticated=True)),
    ("idle connections", "704 connections sending nothing, 256 of them from one address", idle_connections),
    ("sparse keep-alive requests", "256 connections each sending a request every 20 s", sparse_requests),
    ("slow heads (slowloris)", "5,120 connections from 80 addresses, past max_connections, sending a request head a byte a second",
     slow_heads),
    ("writes without a body", "192 POST /logs with a valid token, Content-Length: 100 and no body", writes_without_body),
    ("costly searches", "13 connections sending batches of 100 text searches over 10,000 entries, 4 hanging up",
     costly_searches),
    ("huge answers, never read", "256 connections asking for 8 (or 1,000) pages of 1,000 1-KiB entries, reading nothing",
     huge_answers),
    ("many live tails", "128 live tails of the attacker tenant, reading nothing", many_tails),
    ("forged tokens", "64 keep-alive connections sending requests with forged signatures, back to back", forged_tokens),
]


def idle_connection_cost(server, count=1024):
    """Bytes of the server's memory one idle connection costs: RSS with `count` idle connections open (64 from
    each of several addresses), less RSS before, divided by `count`."""
    before = server.rss_mb()
    connections = []
    for index in range(count):
        connection = socket.socket()
        connection.bind((address(index // 64), 0))
        connection.connect(("127.0.0.1", server.port))
        connections.append(connection)
    time.sleep(2)
    after = server.rss_mb()
    for connection in connections:
        connection.close()
    time.sleep(1)
    return (after - before) * 1024 * 1024 / count


def run(binary, seconds, keep, only):
    server = Server(binary)
    results = []
    try:
        cost = idle_connection_cost(server)
        print(f"  one idle connection costs {cost / 1024:.1f} KiB of the server's memory (1,024 open)", flush=True)
        fill(server.port, server.tokens["mallory"], 10_000, 1024)
        for user in ("alice", "bob"):
            fill(server.port, server.tokens[user], 1000, 100)
        for name, description, start in ATTACKS:
            if only and only not in name:
                continue
            attack = Attack(server.port, server.tokens)
            cpu_before = server.cpu_seconds()
            start(attack)
            time.sleep(1)  # the attack in place before the clients are measured
            outcome = multiprocessing.Queue()
            prober = multiprocessing.Process(target=probe, args=(server.port, server.tokens, seconds, outcome))
            prober.start()
            rss = 0.0
            while prober.is_alive():
                rss = max(rss, server.rss_mb())
                time.sleep(0.1)
            samples = outcome.get(timeout=30)
            prober.join()
            attack.end()
            time.sleep(1)
            cpu_before_idle = server.cpu_seconds()
            time.sleep(1)
            cpu_after = server.cpu_seconds() - cpu_before_idle
            figures = summary(samples)
            figures.update(name=name, description=description, rss_mb=max(rss, server.rss_mb()),
                           cpu_seconds=server.cpu_seconds() - cpu_before, seconds=seconds, cpu_after=cpu_after)
            assert server.process.poll() is None, "the server exited during the attack"
            status, _ = request(server.port, "GET", "/healthz")
            figures["healthy_after"] = status == 200
            figures["passed"] = (figures["success"] >= BOUNDS["success"] and figures["p99_ms"] <= BOUNDS["p99_ms"]
                                 and figures["healthz_p99_ms"] <= BOUNDS["healthz_p99_ms"]
                                 and figures["rss_mb"] <= BOUNDS["rss_mb"] and figures["cpu_after"] <= BOUNDS["cpu_after"]
                                 and figures["healthy_after"])
            results.append(figures)
            print(f"  {'ok  ' if figures['passed'] else 'FAIL'} {name}: {figures['requests']} legitimate requests, "
                  f"{figures['success']:.1%} served, p99 {figures['p99_ms']:.0f} ms, /healthz p99 "
                  f"{figures['healthz_p99_ms']:.0f} ms, RSS {figures['rss_mb']:.0f} MB, server CPU {figures['cpu_seconds']:.1f} s, "
                  f"{figures['cpu_after']:.2f} s in the second after"
                  + (f"; failed: {', '.join(figures['failures'])}" if figures["failures"] else ""), flush=True)
        return results, cost
    finally:
        server.stop(keep=keep or not results or not all(r["passed"] for r in results))


def report(results, cost, seconds, path):
    """Writes the figures as the `attacks` section of the Markdown file at `path` (docs/benchmarks.md)."""
    rows = [(f"{r['name']}: {r['description']}", r["requests"], f"{r['success']:.1%}", f"{r['p99_ms']:.1f} ms",
             f"{r['healthz_p99_ms']:.1f} ms", f"{r['rss_mb']:.0f} MB", f"{r['cpu_seconds']:.1f} s",
             f"{r['cpu_after']:.2f} s", "yes" if r["passed"] else "**no**") for r in results]
    section = (f"## Hostile clients\n\nCommand: `scripts/attack-test .build/release/logsvc --seconds {seconds} --report "
               f"docs/benchmarks.md`, run {time.strftime('%Y-%m-%d')}; machine: {machine()}. Each attack ran for "
               f"{seconds} s (after 1 s to set it up) against the release binary with the default configuration, "
               "while legitimate clients of two other tenants wrote, read, searched, opened a live tail and checked "
               "`/healthz`, each request on a connection of its own; see [hostile-clients.md](hostile-clients.md). "
               f"Bounds: at least {BOUNDS['success']:.0%} served, p99 under {BOUNDS['p99_ms']} ms "
               f"({BOUNDS['healthz_p99_ms']} ms for `/healthz`), RSS under {BOUNDS['rss_mb']} MB, and under "
               f"{BOUNDS['cpu_after']} s of server CPU in the second starting one second after the attackers left.\n\n"
               f"One idle connection costs {cost / 1024:.1f} KiB of the server's memory (RSS with 1,024 idle "
               "connections open, less RSS before, divided by 1,024).\n\n"
               + table(rows, ["attack", "legitimate requests", "served", "p99", "/healthz p99", "peak RSS",
                              "server CPU during", "server CPU after", "passed"]) + "\n")
    write_section(path, "attacks", section, writer="scripts/attack-test")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=int, default=8, help="how long each attack is measured")
    parser.add_argument("--only", help="run only the attacks whose name contains this")
    parser.add_argument("--report", help="write the figures as the `attacks` section of this Markdown file")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and the server log")
    args = parser.parse_args()
    try:
        results, cost = run(os.path.abspath(args.binary), args.seconds, args.keep, args.only)
    except StartFailed as failure:
        sys.exit(str(failure))
    if args.report:
        report(results, cost, args.seconds, args.report)
    failed = [r["name"] for r in results if not r["passed"]]
    print(f"attack suite: {len(results) - len(failed)} of {len(results)} attacks left the legitimate clients served"
          f" (bounds: {BOUNDS})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
