"""Process checks shared by the runtime tests: which of our processes are still alive."""

import time
from collections.abc import Iterable
from pathlib import Path

import psutil


def alive(pids: Iterable[int]) -> set[int]:
    """The pids that still run (a zombie has exited; it only waits to be reaped)."""
    running = set()
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                running.add(pid)
        except psutil.NoSuchProcess:
            pass
    return running


def using(path: Path) -> set[int]:
    """Pids of live processes whose command line mentions `path` (postgres -D, nats config)."""
    found = set()
    for process in psutil.process_iter(["cmdline", "status"]):
        if process.info["status"] == psutil.STATUS_ZOMBIE:
            continue
        if any(str(path) in arg for arg in process.info["cmdline"] or ()):
            found.add(process.pid)
    return found


def descendants(pid: int) -> set[int]:
    """Every process below `pid` right now (postmaster, backends, nats-server...)."""
    return {child.pid for child in psutil.Process(pid).children(recursive=True)}


def wait_until_gone(pids: set[int], path: Path, timeout: float) -> set[int]:
    """Wait until none of `pids` and no process mentioning `path` is alive; return leftovers."""
    deadline = time.monotonic() + timeout
    while (left := alive(pids) | using(path)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left
