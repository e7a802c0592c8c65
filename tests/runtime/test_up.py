"""`projectflow up` as a user runs it: a real process, real signals, nothing left behind."""

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from tests.runtime.processes import descendants, wait_until_gone

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # mkdtemp (0700): as root, PostgreSQL runs as another account that must still reach it.
    path = Path(tempfile.mkdtemp(prefix="projectflow-up-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class UpProcess:
    """`projectflow up` in a child process, its output kept in files for failure reports."""

    def __init__(self, data_dir: Path, port: int, output_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = port
        self.stdout_path = output_dir / f"up-{port}.out"
        self.stderr_path = output_dir / f"up-{port}.err"
        # The developer's own PROJECTFLOW_* settings must not point the test elsewhere.
        env = {
            key: value for key, value in os.environ.items() if not key.startswith("PROJECTFLOW_")
        }
        argv = [sys.executable, "-m", "projectflow.cli", "up"]
        argv += ["--data-dir", str(data_dir), "--port", str(port)]
        with self.stdout_path.open("wb") as stdout, self.stderr_path.open("wb") as stderr:
            self.process = subprocess.Popen(argv, stdout=stdout, stderr=stderr, env=env)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.stdout_path.read_text() + self.stderr_path.read_text()

    def wait_ready(self) -> dict[str, object]:
        """Wait for runtime.json and a 200 from /healthz; return runtime.json."""
        deadline = time.monotonic() + READY_TIMEOUT
        runtime_file = self.data_dir / "runtime.json"
        while not runtime_file.exists():
            assert self.process.poll() is None, f"up exited early:\n{self.output()}"
            assert time.monotonic() < deadline, f"up not ready in time:\n{self.output()}"
            time.sleep(0.05)
        response = httpx.get(f"{self.api_url}/healthz", timeout=5.0)
        assert response.status_code == 200, response.text
        runtime: dict[str, object] = json.loads(runtime_file.read_text())
        return runtime

    def processes(self) -> set[int]:
        return {self.process.pid} | descendants(self.process.pid)

    def stop(self, signum: int = signal.SIGTERM) -> int:
        self.process.send_signal(signum)
        try:
            return self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise

    def finish(self) -> int:
        """Wait for a process expected to exit by itself (a refusal)."""
        return self.process.wait(30)


StartUp = Callable[[Path, int], UpProcess]


@pytest.fixture
def start_up(tmp_path: Path) -> Iterator[StartUp]:
    """Start `up` processes; any still running at the end of the test is killed."""
    started: list[UpProcess] = []

    def start(data_dir: Path, port: int) -> UpProcess:
        up = UpProcess(data_dir, port, tmp_path)
        started.append(up)
        return up

    yield start
    for up in started:
        if up.process.poll() is None:
            up.process.kill()
            up.process.wait()


def system_identifier(data_dir: Path) -> bytes:
    """The cluster's identity, set once by initdb: the first 8 bytes of pg_control."""
    return (data_dir / "postgres" / "global" / "pg_control").read_bytes()[:8]


def test_up_serves_stops_on_sigterm_and_restarts_on_the_same_data(
    data_dir: Path, start_up: StartUp
) -> None:
    first = start_up(data_dir, free_port())
    runtime = first.wait_ready()
    assert runtime["api_url"] == first.api_url
    assert runtime["pid"] == first.process.pid
    assert str(runtime["database_url"]).startswith("postgresql://projectflow_app:")
    token = (data_dir / "secrets" / "nats-token").read_text().strip()
    assert str(runtime["nats_url"]).startswith(f"nats://{token}@127.0.0.1:")
    assert stat.S_IMODE((data_dir / "runtime.json").stat().st_mode) == 0o600
    assert f"ProjectFlow is up at {first.api_url}" in first.stdout_path.read_text()
    cluster = system_identifier(data_dir)
    _wait_for_a_worker(first.api_url)
    pids = first.processes()

    assert first.stop(signal.SIGTERM) == 0
    assert wait_until_gone(pids, data_dir, timeout=1.0) == set()
    assert not (data_dir / "runtime.json").exists()

    second = start_up(data_dir, free_port())
    again = second.wait_ready()
    assert system_identifier(data_dir) == cluster  # the same cluster, not a new initdb
    assert again["database_url"] != runtime["database_url"]  # new port...
    assert _password(again["database_url"]) == _password(runtime["database_url"])  # same role
    pids = second.processes()
    assert second.stop(signal.SIGINT) == 0
    assert wait_until_gone(pids, data_dir, timeout=1.0) == set()


def _wait_for_a_worker(api_url: str) -> None:
    """`up` runs the minimum of one worker, which reports itself (seen in /metrics)."""
    deadline = time.monotonic() + READY_TIMEOUT
    while "projectflow_workers 1.0" not in httpx.get(f"{api_url}/metrics", timeout=5).text:
        assert time.monotonic() < deadline, "no worker reported in time"
        time.sleep(0.1)


def _password(url: object) -> str:
    return str(url).split("@", 1)[0].rsplit(":", 1)[1]


def test_sigkill_of_up_takes_the_services_down(data_dir: Path, start_up: StartUp) -> None:
    up = start_up(data_dir, free_port())
    up.wait_ready()
    pids = up.processes()
    assert len(pids) > 3  # up, postmaster and its helpers, nats-server

    rival = start_up(data_dir, free_port())
    assert rival.finish() == 2
    assert "is already in use by another projectflow" in rival.stderr_path.read_text()

    up.process.kill()
    up.process.wait()
    assert wait_until_gone(pids, data_dir, timeout=5.0) == set()


def test_busy_port_is_refused_before_anything_starts(data_dir: Path, start_up: StartUp) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        up = start_up(data_dir, port)
        assert up.finish() == 2
    assert up.stderr_path.read_text() == (
        f"projectflow: port {port} on 127.0.0.1 is already in use (pass --port)\n"
    )
    assert not (data_dir / "postgres").exists()


def test_unwritable_data_dir_is_refused(data_dir: Path, start_up: StartUp) -> None:
    (data_dir / "file").write_text("a file where a directory should be\n")
    target = data_dir / "file" / "sub"
    up = start_up(target, free_port())
    assert up.finish() == 2
    message = up.stderr_path.read_text()
    assert message.startswith(f"projectflow: data directory {target} ")
    assert message.count("\n") == 1


def test_a_dying_service_stops_up_with_status_1(data_dir: Path, start_up: StartUp) -> None:
    up = start_up(data_dir, free_port())
    up.wait_ready()
    pids = up.processes()
    (nats_server,) = [
        child
        for child in psutil.Process(up.process.pid).children()
        if child.name() == "nats-server"
    ]

    nats_server.kill()
    assert up.process.wait(STOP_TIMEOUT) == 1
    assert "projectflow: NATS exited unexpectedly" in up.stderr_path.read_text()
    assert wait_until_gone(pids, data_dir, timeout=1.0) == set()
