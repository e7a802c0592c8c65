"""Shared by the benchmarks: a real `projectflow up` in a temporary data directory."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil

from projectflow.runtime.process import free_port


@contextmanager
def running_projectflow() -> Iterator[dict[str, Any]]:
    """Start `projectflow up` (embedded PostgreSQL and NATS); yield its runtime.json."""
    with tempfile.TemporaryDirectory(prefix="projectflow-bench-") as directory:
        data_dir = Path(directory)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PROJECTFLOW_")}
        env["PROJECTFLOW_LOG_LEVEL"] = "warning"
        argv = [sys.executable, "-m", "projectflow.cli", "up", "--data-dir", str(data_dir)]
        argv += ["--port", "0"]
        with (data_dir.parent / f"{data_dir.name}.log").open("wb") as log:
            process = subprocess.Popen(argv, stdout=log, stderr=log, env=env)
        try:
            yield _wait_for_runtime(data_dir / "runtime.json", process)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)


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
