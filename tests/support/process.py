"""The API and workers as processes of their own (`projectflow api`, `projectflow worker`), for
tests that measure them from outside or kill them."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from projectflow.config import Settings
from projectflow.runtime.process import free_port

REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ApiProcess:
    url: str
    pid: int

    def peak_rss(self) -> int:
        """The process's peak resident memory so far (VmHWM), in bytes."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmHWM in /proc status")


@contextmanager
def api_process(settings: Settings, **overrides: str) -> Iterator[ApiProcess]:
    """`projectflow api` on a free port against the test's database and NATS."""
    port = free_port()
    env = _env(settings, port=str(port), **overrides)
    command = [sys.executable, "-m", "projectflow.cli", "api"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, url)
        yield ApiProcess(url, process.pid)
    finally:
        _stop(process)


@contextmanager
def worker_process(settings: Settings, **overrides: str) -> Iterator[subprocess.Popen[bytes]]:
    """`projectflow worker` against the test's database and NATS (test job kinds included);
    stopped with SIGTERM afterwards unless the test killed it."""
    command = [sys.executable, "-m", "projectflow.cli", "worker"]
    process = subprocess.Popen(command, env=_env(settings, **overrides), stdout=subprocess.DEVNULL)
    try:
        yield process
    finally:
        _stop(process)


def _env(settings: Settings, **overrides: str) -> dict[str, str]:
    """The test's settings for a child process; the repository on its path (test job kinds)."""
    return (
        dict(os.environ)
        | settings.to_env()
        | {"PROJECTFLOW_LOG_LEVEL": "warning", "PYTHONPATH": str(REPOSITORY)}
        | {f"PROJECTFLOW_{name.upper()}": value for name, value in overrides.items()}
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_ready(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"`projectflow api` exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError("`projectflow api` did not become healthy in 30 s")
