"""Child processes that never outlive the supervisor, and the small helpers that start them.

Every child runs in its own session (a terminal's Ctrl-C reaches only the supervisor, which then
stops the children in order) and asks the kernel for a death signal when its parent goes away,
so even a SIGKILLed supervisor takes its children down with it.
"""

import asyncio
import contextlib
import ctypes
import io
import logging
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

logger = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
# Resolved once in the parent: a dlopen inside a freshly forked child could block on a loader
# lock that another thread of ours held at the moment of the fork.
_libc = ctypes.CDLL(None, use_errno=True)
_prctl = _libc.prctl
_prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
_prctl.restype = ctypes.c_int

_LOG_TAIL_BYTES = 16 * 1024


class RuntimeStartError(Exception):
    """A service could not be started; the message says what to fix, starting with one line."""


@dataclass(frozen=True)
class RunAs:
    """The unprivileged account a child runs as (used when we are root)."""

    name: str
    uid: int
    gid: int


class Stoppable(Protocol):
    """Anything the supervisor started and must stop: a child process or an embedded service."""

    # `timeout` is a grace period before escalating to SIGKILL, not a cancellation deadline.
    async def stop(self, timeout: float = 8.0) -> None:  # noqa: ASYNC109
        """Stop it (idempotent), forcefully once `timeout` seconds have passed."""
        ...


def _die_with_parent(death_signal: int, parent_pid: int) -> Callable[[], None]:
    """A `preexec_fn` that makes the child receive `death_signal` when we die."""

    def preexec() -> None:
        # Runs after Popen's setuid: a credential change clears the death signal, so it must
        # be set here, not earlier.
        if _prctl(_PR_SET_PDEATHSIG, death_signal, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        # If the parent died between fork and prctl, no signal will ever come: give up now.
        # (Not os.kill: until exec, the forked interpreter's own handlers catch most signals.)
        if os.getppid() != parent_pid:
            os._exit(1)

    return preexec


class ChildProcess:
    """One child process: its own session, dies with us, stops on a signal then SIGKILL.

    Start it from a thread that lives as long as the child should (the main thread running the
    event loop): Linux sends the death signal when the *thread* that forked the child exits.
    Output (stdout and stderr) is appended to `log_file`.
    """

    def __init__(
        self,
        name: str,
        argv: Sequence[str | os.PathLike[str]],
        *,
        log_file: Path,
        stop_signal: int = signal.SIGTERM,
        death_signal: int = signal.SIGKILL,
        run_as: RunAs | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.argv = [os.fspath(arg) for arg in argv]
        self.log_file = log_file
        self.stop_signal = stop_signal
        self.death_signal = death_signal
        self.run_as = run_as
        self.env = dict(env) if env is not None else None
        self._popen: subprocess.Popen[bytes] | None = None
        self._log_offset = 0

    @property
    def pid(self) -> int | None:
        """The child's pid once started (also after it exited)."""
        return self._popen.pid if self._popen is not None else None

    @property
    def returncode(self) -> int | None:
        """The exit status, or None while it runs (or before it started)."""
        return self._popen.poll() if self._popen is not None else None

    def start(self) -> None:
        """Fork and exec the child; raise RuntimeStartError if it cannot be executed."""
        if self._popen is not None:
            raise RuntimeError(f"{self.name} was already started")
        with _open_log(self.log_file) as log:
            self._log_offset = log.seek(0, os.SEEK_END)
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            log.write(f"--- projectflow: starting {self.name} at {stamp} ---\n".encode())
            try:
                self._popen = self._spawn(log.fileno())
            except (OSError, subprocess.SubprocessError) as exc:
                raise RuntimeStartError(
                    f"cannot start {self.name} ({self.argv[0]}): {exc}"
                ) from exc
        logger.debug("started %s (pid %d): %s", self.name, self._popen.pid, " ".join(self.argv))

    def _spawn(self, log_fd: int) -> "subprocess.Popen[bytes]":
        run_as = self.run_as
        return subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=log_fd,
            stderr=subprocess.STDOUT,
            # A child's cwd must be reachable by the account it runs as; ours may not be.
            cwd="/",
            env=self.env,
            start_new_session=True,
            preexec_fn=_die_with_parent(self.death_signal, os.getpid()),
            user=run_as.uid if run_as is not None else None,
            group=run_as.gid if run_as is not None else None,
            extra_groups=[] if run_as is not None else None,
        )

    async def wait(self) -> int:
        """Wait for the child to exit (without blocking the loop) and return its status."""
        if self._popen is None:
            raise RuntimeError(f"{self.name} was never started")
        if (code := self._popen.poll()) is not None:
            return code
        try:
            pidfd = os.pidfd_open(self._popen.pid)
        except ProcessLookupError:  # already reaped elsewhere
            return self._popen.wait()
        try:
            await _readable(pidfd)
        finally:
            os.close(pidfd)
        return self._popen.wait()

    async def stop(self, timeout: float = 8.0) -> None:  # noqa: ASYNC109
        """Send the stop signal, wait up to `timeout` s, then SIGKILL the whole process group."""
        if self._popen is None or self._popen.poll() is not None:
            return
        self._signal_leader(self.stop_signal)
        try:
            await asyncio.wait_for(self.wait(), timeout)
        except TimeoutError:
            logger.warning("%s did not stop within %.1f s; killing it", self.name, timeout)
            self.kill()
            await self.wait()
        except BaseException:
            # Cancelled while stopping: do not leave it running (or unreaped) behind our back.
            self.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._popen.wait(timeout=1)  # SIGKILL is immediate
            raise

    def kill(self) -> None:
        """SIGKILL the child and whatever stayed in its process group.

        (PostgreSQL backends make their own groups; they exit when the postmaster dies.)
        """
        if self._popen is None or self._popen.poll() is not None:
            return
        # The group id equals the leader's pid (own session) and stays reserved until the
        # leader is reaped, which has not happened yet: no risk of hitting a recycled pid.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._popen.pid, signal.SIGKILL)

    def _signal_leader(self, signum: int) -> None:
        assert self._popen is not None
        with contextlib.suppress(ProcessLookupError):
            self._popen.send_signal(signum)

    def log_tail(self, lines: int = 20) -> str:
        """The last `lines` lines the child wrote to its log during this run."""
        try:
            with self.log_file.open("rb") as log:
                end = log.seek(0, os.SEEK_END)
                log.seek(max(self._log_offset, end - _LOG_TAIL_BYTES))
                text = log.read().decode(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _open_log(path: Path) -> io.FileIO:
    """The log file opened for appending (0600: logs can carry connection details)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    return os.fdopen(fd, "ab", buffering=0)


async def _readable(fd: int) -> None:
    """Wait until `fd` is readable (a pidfd becomes readable when its process exits)."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()

    def on_readable() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(fd, on_readable)
    try:
        await ready
    finally:
        loop.remove_reader(fd)


_S = TypeVar("_S", bound=Stoppable)


class Children:
    """What the supervisor started, stopped in reverse order of registration.

    Register a service before starting it: its `stop` is safe to call at any point, so a
    start-up that fails half-way still stops whatever did start.
    """

    def __init__(self, stop_timeout: float = 8.0) -> None:
        self.stop_timeout = stop_timeout
        self._members: list[Stoppable] = []

    def add(self, member: _S) -> _S:
        """Track `member`; it is stopped before everything added earlier."""
        self._members.append(member)
        return member

    async def stop_all(self) -> None:
        """Stop every member, last added first; a failure to stop one does not spare the rest."""
        while self._members:
            member = self._members.pop()
            try:
                await member.stop(self.stop_timeout)
            except Exception:
                logger.exception("stopping %r failed", member)

    async def __aenter__(self) -> "Children":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop_all()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on `host` that nobody listens on right now (the caller binds it soon)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def ensure_writable_dir(path: Path, what: str = "data directory") -> Path:
    """Create `path` (0700) if needed and check we can write into it.

    Raises RuntimeStartError naming the directory when it cannot be created or written.
    """
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise RuntimeStartError(f"{what} {path} cannot be created ({exc.strerror})") from exc
    if not path.is_dir():
        raise RuntimeStartError(f"{what} {path} is not a directory")
    # access() reports a read-only file system even for root, which owns every permission.
    if not os.access(path, os.W_OK | os.X_OK):
        raise RuntimeStartError(f"{what} {path} is not writable")
    return path
