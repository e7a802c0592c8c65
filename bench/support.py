"""Shared by the benchmarks: a real `projectflow up` in a temporary data directory."""

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil

from projectflow.runtime.process import free_port


@contextmanager
def running_projectflow(*, env: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Start `projectflow up` (embedded PostgreSQL and NATS); yield its runtime.json, with
    `data_dir` added (its log is `<data_dir>.log`, its workers' `<data_dir>/workers.log`).

    `env` adds variables to its otherwise clean environment: settings (`PROJECTFLOW_*`, e.g.
    the workers' number and concurrency) and what its worker processes need (`PYTHONPATH`).
    """
    with tempfile.TemporaryDirectory(prefix="projectflow-bench-") as directory:
        data_dir = Path(directory)
        variables = {k: v for k, v in os.environ.items() if not k.startswith("PROJECTFLOW_")}
        variables["PROJECTFLOW_LOG_LEVEL"] = "warning"
        variables |= env or {}
        argv = [sys.executable, "-m", "projectflow.cli", "up", "--data-dir", str(data_dir)]
        argv += ["--port", "0"]
        with (data_dir.parent / f"{data_dir.name}.log").open("wb") as log:
            process = subprocess.Popen(argv, stdout=log, stderr=log, env=variables)
        try:
            runtime = _wait_for_runtime(data_dir / "runtime.json", process)
            yield runtime | {"data_dir": str(data_dir)}
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, and SIGKILL if it hangs (its children die with it: runtime/process.py)."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


def _wait_for_runtime(path: Path, process: subprocess.Popen[bytes]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while not path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("projectflow up did not start")
        time.sleep(0.05)
    runtime: dict[str, Any] = json.loads(path.read_text())
    return runtime


def sign_up(client: httpx.Client) -> dict[str, str]:
    """A new account; returns the auth header."""
    email = f"bench-{time.monotonic_ns()}@example.com"
    body = {"email": email, "password": "benchmark password", "name": "Bench"}
    response = client.post("/api/auth/signup", json=body)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@contextmanager
def second_api(runtime: dict[str, Any]) -> Iterator[str]:
    """Another API process on the same PostgreSQL and NATS (its own document cache)."""
    sock_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROJECTFLOW_")}
    env |= {
        "PROJECTFLOW_DATABASE_URL": runtime["database_url"],
        "PROJECTFLOW_NATS_URL": runtime["nats_url"],
        "PROJECTFLOW_LOG_LEVEL": "warning",
    }
    argv = [sys.executable, "-m", "projectflow.cli", "api", "--port", str(sock_port)]
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{sock_port}"
    try:
        deadline = time.monotonic() + 30
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("projectflow api did not start")
            time.sleep(0.05)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class CpuMeter:
    """CPU seconds used by the API process and by PostgreSQL, between two readings."""

    def __init__(self, runtime: dict[str, Any]) -> None:
        self.api = psutil.Process(runtime["pid"])
        self._start = self._read()

    def _read(self) -> tuple[float, float]:
        api = self.api.cpu_times()
        postgres = 0.0
        for child in self.api.children(recursive=True):
            try:
                if child.name() == "postgres":
                    times = child.cpu_times()
                    postgres += times.user + times.system
            except psutil.NoSuchProcess:
                continue
        return api.user + api.system, postgres

    def per(self, count: int) -> str:
        """CPU per operation since construction, for the API and PostgreSQL."""
        api, postgres = (end - start for end, start in zip(self._read(), self._start, strict=True))
        api_ms, postgres_ms = api / count * 1000, postgres / count * 1000
        return f"CPU per op: API {api_ms:.1f} ms, PostgreSQL {postgres_ms:.1f} ms"


@dataclass(frozen=True)
class HeyFigures:
    """What `hey` reports: latency percentiles (seconds, of the requests that got an answer),
    responses by status, failed requests by error, the achieved rate and the wall time."""

    p50: float
    p95: float
    p99: float
    statuses: dict[int, int]
    errors: dict[str, int]
    requests_per_second: float
    total_seconds: float

    @property
    def failed(self) -> int:
        """Requests without an answer (connection errors, timeouts)."""
        return sum(self.errors.values())


async def run_hey(url: str, *options: str) -> HeyFigures:
    """Run Debian's `hey` with `options` against `url` (without blocking the event loop)."""
    process = await asyncio.create_subprocess_exec(
        "hey", *options, url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    output, errors = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"hey failed ({process.returncode}): {errors.decode()[-500:]}")
    return parse_hey(output.decode())


def parse_hey(output: str) -> HeyFigures:
    percentiles = {int(p): float(s) for p, s in re.findall(r"(\d+)%+ in ([\d.]+) secs", output)}
    statuses = re.findall(r"^\s+\[(\d{3})\]\s+(\d+) responses", output, re.MULTILINE)
    _, _, error_part = output.partition("Error distribution:")
    errors = re.findall(r"^\s+\[(\d+)\]\s+(.+)$", error_part, re.MULTILINE)
    return HeyFigures(
        p50=percentiles.get(50, float("nan")),
        p95=percentiles.get(95, float("nan")),
        p99=percentiles.get(99, float("nan")),
        statuses={int(status): int(count) for status, count in statuses},
        errors={error.strip(): int(count) for count, error in errors},
        requests_per_second=_hey_figure(r"Requests/sec:\s+([\d.]+)", output),
        total_seconds=_hey_figure(r"Total:\s+([\d.]+) secs", output),
    )


def _hey_figure(pattern: str, output: str) -> float:
    found = re.search(pattern, output)
    return float(found.group(1)) if found else float("nan")


class CpuShares:
    """Cores used by each part of a running `projectflow up` — the API process, its workers,
    PostgreSQL, NATS — by this process with the load generators it waited for (hey), and by
    everything else on the machine (the kernel, or another program disturbing the run),
    between construction and `cores()`."""

    def __init__(self, runtime: dict[str, Any]) -> None:
        self._up = psutil.Process(runtime["pid"])
        self._me = psutil.Process()
        self._start = self._read()
        self._machine = _machine_busy()
        self._started = time.monotonic()

    def _read(self) -> dict[int, tuple[str, float]]:
        seconds = {self._up.pid: ("API", _cpu_seconds(self._up))}
        for child in self._up.children():
            role = _role(child)
            for process in [child, *_descendants(child)]:
                seconds[process.pid] = (role, _cpu_seconds(process))
        me = self._me.cpu_times()
        seconds[self._me.pid] = ("load", sum(me[:4]))  # user, system, waited children's too
        return seconds

    def cores(self) -> dict[str, float]:
        """Cores used per part since construction (CPU seconds over wall seconds)."""
        return {
            role: used / (time.monotonic() - self._started) for role, used in self.used().items()
        }

    def used(self) -> dict[str, float]:
        """CPU seconds used per part since construction."""
        used: dict[str, float] = {}
        for pid, (role, seconds) in self._read().items():
            start = self._start.get(pid, (role, 0.0))[1]
            used[role] = used.get(role, 0.0) + seconds - start
        used["other"] = max(0.0, _machine_busy() - self._machine - sum(used.values()))
        return used

    @staticmethod
    def describe(figures: dict[str, float], unit: str, scale: float = 1.0) -> str:
        """`API 0.52, workers 0.60, ...`: the figures of `cores()` or `used()`, times `scale`."""
        parts = ("API", "workers", "PostgreSQL", "NATS", "load", "other")
        names = {"load": "this script and hey", "other": "anything else"}
        return ", ".join(
            f"{names.get(part, part)} {figures.get(part, 0.0) * scale:.2f}{unit}" for part in parts
        )


def _role(process: psutil.Process) -> str:
    try:
        name, command = process.name(), " ".join(process.cmdline())
    except psutil.Error:
        return "API"
    if name.startswith("postgres"):
        return "PostgreSQL"
    if name.startswith("nats-server"):
        return "NATS"
    return "workers" if "projectflow.cli worker" in command else "API"


def _descendants(process: psutil.Process) -> list[psutil.Process]:
    try:
        return list(process.children(recursive=True))
    except psutil.Error:
        return []


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (all cores)."""
    times = psutil.cpu_times()  # Linux: user and nice already include guest time
    return float(times.user + times.nice + times.system + times.irq + times.softirq + times.steal)


def _cpu_seconds(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
    except psutil.Error:
        return 0.0
    return float(times.user + times.system)


async def read_headers(reader: asyncio.StreamReader) -> bool:
    """Skip an HTTP response's headers; whether the body is chunked."""
    chunked = False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        chunked |= line.lower().startswith(b"transfer-encoding:") and b"chunked" in line.lower()
    return chunked


async def body_blocks(reader: asyncio.StreamReader, *, chunked: bool) -> AsyncIterator[bytes]:
    """An HTTP response's body as it arrives: its chunks, or blocks until the connection ends."""
    if chunked:
        while size := int((await reader.readline()).split(b";")[0], 16):
            yield await reader.readexactly(size)
            await reader.readexactly(2)
    else:
        while block := await reader.read(65536):
            yield block
