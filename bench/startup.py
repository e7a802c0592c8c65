"""How long `projectflow up` takes to answer: cold (fresh data dir) and warm (same dir again).

Each run starts `projectflow up` as a new process and times it until /healthz first answers
200 (PostgreSQL, NATS, migrations and the API all up), then stops it with SIGTERM and times
that too. Targets: cold < 10 s, warm < 3 s.

    .venv/bin/python bench/startup.py [--runs 3]
"""

import argparse
import http.client
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from projectflow.runtime.process import free_port

POLL_SECONDS = 0.02
READY_TIMEOUT = 60.0
TARGETS = {"cold": "< 10 s", "warm": "< 3 s", "stop": "< 10 s"}


@dataclass
class Timings:
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    stop: list[float] = field(default_factory=list)


def healthz_ok(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2.0)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def start_up(data_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROJECTFLOW_")}
    argv = [sys.executable, "-m", "projectflow.cli", "up"]
    argv += ["--data-dir", str(data_dir), "--port", str(port)]
    with log.open("ab") as output:
        return subprocess.Popen(argv, stdout=output, stderr=output, env=env)


def time_to_ready(data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start `up` and return it with the seconds until /healthz first answered 200."""
    port = free_port()
    started = time.perf_counter()
    process = start_up(data_dir, port, log)
    while not healthz_ok(port):
        if process.poll() is not None or time.perf_counter() - started > READY_TIMEOUT:
            process.kill()
            process.wait()
            sys.exit(f"`projectflow up` did not become ready; its output:\n{log.read_text()}")
        time.sleep(POLL_SECONDS)
    return process, time.perf_counter() - started


def time_to_stop(process: subprocess.Popen[bytes]) -> float:
    started = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    code = process.wait(30)
    if code != 0:
        sys.exit(f"`projectflow up` exited with status {code} on SIGTERM")
    return time.perf_counter() - started


def one_round(timings: Timings) -> None:
    """A cold start on a fresh directory, then a warm start on the same one."""
    data_dir = Path(tempfile.mkdtemp(prefix="projectflow-bench-"))
    log = Path(tempfile.mkstemp(prefix="projectflow-bench-", suffix=".log")[1])
    try:
        for kind in ("cold", "warm"):
            process, seconds = time_to_ready(data_dir, log)
            getattr(timings, kind).append(seconds)
            timings.stop.append(time_to_stop(process))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        log.unlink(missing_ok=True)


def report(timings: Timings, runs: int) -> None:
    cores = os.cpu_count()
    print(f"projectflow up -> first 200 on /healthz, {runs} run(s) each")
    print(f"machine: {cores} CPU cores, shared by this client, the API, PostgreSQL and NATS\n")
    print(f"{'':6} {'min s':>7} {'median s':>9} {'max s':>7}  target")
    for kind in ("cold", "warm", "stop"):
        values = getattr(timings, kind)
        low, mid, high = min(values), statistics.median(values), max(values)
        print(f"{kind:6} {low:7.2f} {mid:9.2f} {high:7.2f}  {TARGETS[kind]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds of cold + warm (default 3)")
    args = parser.parse_args()
    timings = Timings()
    for _ in range(args.runs):
        one_round(timings)
    report(timings, args.runs)


if __name__ == "__main__":
    main()
