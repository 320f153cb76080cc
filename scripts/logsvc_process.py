"""`logsvc serve` as the test and benchmark scripts run it: on a free loopback port, its output appended to a log
file. Imported by scripts/crash-test, scripts/disk-fault-test and Benchmarks/harness.py."""
import os, re, subprocess, time


class StartFailed(Exception):
    """The server exited or did not listen in time; the message ends with the log's last lines."""


def serve(binary, data_dir, log_path, config=None, env=None, timeout=30):
    """Starts the server on the data dir; returns (process, port) as soon as it listens."""
    offset = os.path.getsize(log_path) if os.path.exists(log_path) else 0
    command = [binary, "serve", "--data-dir", data_dir, "--port", "0"] + (["--config", config] if config else [])
    process = subprocess.Popen(command, stdout=open(log_path, "a"), stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(log_path, "rb") as log:
            log.seek(offset)
            found = re.search(rb"listening on http://127\.0\.0\.1:(\d+)", log.read())
        if found:
            return process, int(found.group(1))
        if process.poll() is not None:
            raise StartFailed("logsvc exited at start:\n" + _tail(log_path))
        time.sleep(0.002)
    process.kill()
    raise StartFailed(f"logsvc did not listen within {timeout} s:\n" + _tail(log_path))


def admin_token(binary, data_dir):
    """A token for the pool's first user (admin), minted offline by `logsvc token`."""
    return subprocess.run([binary, "token", "--data-dir", data_dir, "--username", "admin"],
                          capture_output=True, text=True, check=True).stdout.strip()


def _tail(path, characters=3000):
    with open(path, errors="replace") as log:
        return log.read()[-characters:]
