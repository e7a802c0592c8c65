"""The lifecycle our embedded servers share: start on a free port, wait until ready, stop."""

import asyncio
import logging
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar, NoReturn, Self

from projectflow.runtime.process import (
    ChildProcess,
    RuntimeStartError,
    ensure_writable_dir,
    free_port,
)

logger = logging.getLogger(__name__)

_POLL_INTERVAL = 0.02
_PORT_ATTEMPTS = 3


class EmbeddedServer(ABC):
    """A private server on a data directory, run as a foreground child listening on 127.0.0.1.

    `start()` prepares the data directory, starts the server on a free port and returns its
    client address once it accepts clients; started again after a stop, it takes the same port
    if it can, so that clients reconnecting to the old address find it. Also an async context
    manager.
    Subclasses say how to prepare, launch and probe their server.
    """

    name: ClassVar[str]  # in logs and error messages: "PostgreSQL"
    log_name: ClassVar[str]  # the default log file's name
    port_taken_markers: ClassVar[tuple[str, ...]]  # log text meaning another process won the port

    def __init__(
        self, data_dir: Path, *, log_file: Path | None = None, startup_timeout: float = 30.0
    ) -> None:
        self.data_dir = data_dir.absolute()
        self.log_file = log_file or self.data_dir.parent / "logs" / self.log_name
        self.startup_timeout = startup_timeout
        self._child: ChildProcess | None = None
        self._address: str | None = None
        self._port: int | None = None  # of the last start

    @property
    def address(self) -> str:
        """The client address of the running server."""
        if self._address is None:
            raise RuntimeError(f"{self.name} is not running")
        return self._address

    @property
    def pid(self) -> int | None:
        """The server's pid while it runs."""
        return self._child.pid if self._child is not None else None

    async def start(self) -> str:
        """Start the server (afresh if it died) and return its address once it accepts clients."""
        if self._child is not None:
            if self._child.returncode is None:
                return self.address
            await self.stop()  # it died (crash, OOM killer): reap it and start afresh
        ensure_writable_dir(self.data_dir, f"{self.name} data directory")
        await self._prepare()
        self._address = await self._launch()
        # Only the host and port: a DSN carries a password before its "@".
        logger.info("%s is up on %s", self.name, self._address.rsplit("@", 1)[-1])
        return self._address

    async def stop(self, timeout: float = 8.0) -> None:  # noqa: ASYNC109
        """Send the server's stop signal, then SIGKILL after `timeout` seconds; idempotent."""
        child, self._child, self._address = self._child, None, None
        if child is not None:
            started = time.monotonic()
            await child.stop(timeout)
            logger.info("%s stopped in %.2f s", self.name, time.monotonic() - started)

    async def wait(self) -> int:
        """Wait until the server exits (for whatever reason) and return its exit status."""
        if self._child is None:
            raise RuntimeError(f"{self.name} is not running")
        return await self._child.wait()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @abstractmethod
    async def _prepare(self) -> None:
        """Make everything the server needs ready, once per start, before the first launch."""

    @abstractmethod
    def _server_process(self, port: int) -> ChildProcess:
        """The (not yet started) server process listening on `port`."""

    @abstractmethod
    def _address_at(self, port: int) -> str:
        """The client address of the server listening on `port`."""

    @abstractmethod
    async def _accepts_clients(self, port: int) -> bool:
        """Whether the server on `port` serves clients yet; raise if it never will."""

    async def _launch(self) -> str:
        """Start the server on its previous port, or a free one; retry on another port if that
        one got taken."""
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            port = self._port if attempt == 1 and self._port else free_port()
            child = self._child = self._server_process(port)
            child.start()
            try:
                await self._wait_ready(child, port)
            except _PortTaken:
                logger.info("port %d was taken meanwhile (attempt %d)", port, attempt)
                continue
            except BaseException:
                await self.stop(2.0)
                raise
            self._port = port
            return self._address_at(port)
        self._child = None  # every attempt's server has exited
        raise RuntimeStartError(f"{self.name} could not bind a port; see {self.log_file}")

    async def _wait_ready(self, child: ChildProcess, port: int) -> None:
        """Poll until the server accepts clients; fail fast if it exits."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.startup_timeout
        while True:
            if (code := child.returncode) is not None:
                self._raise_exited(child, code)
            if await self._accepts_clients(port):
                return
            if loop.time() > deadline:
                raise RuntimeStartError(
                    f"{self.name} did not accept connections within {self.startup_timeout:.0f}"
                    f" s; log {self.log_file}:\n{child.log_tail()}"
                )
            await asyncio.sleep(_POLL_INTERVAL)

    def _raise_exited(self, child: ChildProcess, code: int) -> NoReturn:
        tail = child.log_tail()
        if any(marker in tail for marker in self.port_taken_markers):
            raise _PortTaken
        raise RuntimeStartError(
            f"{self.name} exited during start-up (exit {code}); log {self.log_file}:\n{tail}"
        )


class _PortTaken(Exception):
    """The port picked for the server was bound by someone else before the server bound it."""
