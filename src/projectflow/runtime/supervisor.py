"""`projectflow up` and `projectflow api`: one supervisor for the services and the API.

`up` starts, in order: PostgreSQL (unless PROJECTFLOW_DATABASE_URL is set) and its roles, NATS
(unless PROJECTFLOW_NATS_URL is set), the migrations, then the API in-process and the worker
processes (runtime/workers.py: scaled with the queue). SIGINT/SIGTERM stop them in reverse: the
API, the workers, NATS, PostgreSQL. Every check that can fail without starting
anything (data directory, lock, API port) runs first, so a refusal leaves nothing behind.

The application's modules (API, migrations, bootstrap) are imported only where they are used:
they are heavy, and the refusals above should be instant.
"""

import asyncio
import contextlib
import errno
import fcntl
import json
import logging
import os
import signal
import socket
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import uvicorn
import uvloop

from projectflow.config import Settings
from projectflow.runtime.nats import EmbeddedNats
from projectflow.runtime.postgres import EmbeddedPostgres
from projectflow.runtime.process import Children, RuntimeStartError, ensure_writable_dir
from projectflow.runtime.workers import WorkerFleet

logger = logging.getLogger(__name__)

RUNTIME_FILE = "runtime.json"
LOCK_FILE = ".lock"
# Open streams (SSE, WebSockets) get this long to finish before the API cuts them.
API_GRACE_SECONDS = 2
# Per service; with the API's grace this keeps a full stop well under 10 s.
SERVICE_STOP_SECONDS = 3.0

_T = TypeVar("_T")


class PreflightError(RuntimeStartError):
    """A check before anything was started failed (nothing to clean up; exit status 2)."""


class ServiceExitedError(Exception):
    """An embedded service died while the API was serving; everything else was stopped."""


@dataclass(frozen=True)
class RuntimeInfo:
    """What `DIR/runtime.json` tells tools and tests about a running `projectflow up`."""

    api_url: str
    database_url: str
    nats_url: str
    data_dir: Path
    maintenance_database_url: str | None = None  # for `projectflow compact`


class _Service(Protocol):
    async def wait(self) -> int: ...


def up(settings: Settings, on_ready: Callable[[RuntimeInfo], None] | None = None) -> None:
    """Run everything until SIGINT/SIGTERM (blocking); `on_ready` runs once the API listens.

    `settings.data_dir`, `host` and `port` say where; service URLs that are set are used
    instead of embedded services. Raises PreflightError before anything started, else
    RuntimeStartError or ServiceExitedError after stopping what did start.
    """
    data_dir = settings.data_dir.absolute()
    with claim_data_dir(data_dir), bind_api_socket(settings.host, settings.port) as sock:
        port = sock.getsockname()[1]  # the real one when --port 0 was asked for
        settings = settings.model_copy(update={"data_dir": data_dir, "port": port})
        _run(_supervise(settings, sock, on_ready))


def serve_api(settings: Settings) -> None:
    """Serve the API against configured services until SIGINT/SIGTERM (blocking)."""
    if not settings.database_url or not settings.nats_url:
        raise PreflightError(
            "`projectflow api` needs PROJECTFLOW_DATABASE_URL and PROJECTFLOW_NATS_URL "
            "(or run `projectflow up`, which starts embedded services)"
        )
    with bind_api_socket(settings.host, settings.port) as sock:
        logger.info("API listening on %s", _http_url(settings.host, sock.getsockname()[1]))
        _run(_serve_standalone(settings, sock))


def _run(main: Coroutine[Any, Any, None]) -> None:
    """Run on uvloop: asyncpg and the HTTP server spend noticeably less CPU per request on it."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main)


@contextlib.contextmanager
def claim_data_dir(data_dir: Path) -> Iterator[Path]:
    """Create `data_dir` if needed and hold its lock file; refuse if another `up` holds it."""
    try:
        ensure_writable_dir(data_dir)
        fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except RuntimeStartError as exc:
        raise PreflightError(str(exc)) from None
    except OSError as exc:
        message = f"data directory {data_dir} is not writable ({exc.strerror})"
        raise PreflightError(message) from None
    try:
        _lock(fd, data_dir)
        # We hold the lock, so a runtime file still there is left over from a killed run.
        (data_dir / RUNTIME_FILE).unlink(missing_ok=True)
        yield data_dir
    finally:
        os.close(fd)  # releases the lock


def _lock(fd: int, data_dir: Path) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        raise PreflightError(
            f"data directory {data_dir} is already in use by another projectflow (pid {holder})"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)


def bind_api_socket(host: str, port: int) -> socket.socket:
    """Bind (not yet listen on) the API's address now, so that it cannot be taken meanwhile."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise PreflightError(f"cannot resolve the API host {host!r} ({exc.strerror})") from None
    sock = socket.socket(family, kind, proto)
    try:
        # As uvicorn does: a restart right after a previous run must not wait for TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PreflightError(f"port {port} on {host} is already in use (pass --port)") from None
        raise PreflightError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
    return sock


class _Shutdown:
    """Tripped by SIGINT/SIGTERM: abandons the start-up, or asks the running API to exit."""

    def __init__(self) -> None:
        self.requested = asyncio.Event()
        self.failure: str | None = None
        self._server: uvicorn.Server | None = None

    def request(self, failure: str | None = None) -> None:
        if self.requested.is_set() and self._server is not None:
            self._server.force_exit = True  # a second Ctrl-C: do not wait for open streams
        self.failure = self.failure or failure
        self.requested.set()
        if self._server is not None:
            self._server.should_exit = True

    def attach(self, server: uvicorn.Server) -> None:
        self._server = server
        if self.requested.is_set():
            server.should_exit = True

    @contextlib.contextmanager
    def on_signals(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request)
        try:
            yield
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)


async def _supervise(
    settings: Settings, sock: socket.socket, on_ready: Callable[[RuntimeInfo], None] | None
) -> None:
    shutdown = _Shutdown()
    runtime_file = settings.data_dir / RUNTIME_FILE
    with shutdown.on_signals():
        async with Children(stop_timeout=SERVICE_STOP_SECONDS) as children:
            started = await _unless(shutdown.requested, _start_backends(settings, children))
            if started is None:
                logger.info("stopped during start-up")
                return
            api_settings, services = started
            fleet = children.add(WorkerFleet(api_settings)) if api_settings.workers_max else None

            def announce() -> None:
                info = _runtime_info(api_settings)
                _write_runtime_file(runtime_file, info)
                if on_ready is not None:
                    on_ready(info)

            try:
                await _serve_while_alive(api_settings, sock, shutdown, services, fleet, announce)
            finally:
                runtime_file.unlink(missing_ok=True)
    if shutdown.failure is not None:
        raise ServiceExitedError(shutdown.failure)


async def _unless(stop: asyncio.Event, work: Coroutine[Any, Any, _T]) -> _T | None:
    """Run `work` to its end, or cancel it (and wait for it) once `stop` is set first."""
    work_task = asyncio.ensure_future(work)
    stop_task = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({work_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (work_task, stop_task):
            task.cancel()
        await asyncio.gather(work_task, stop_task, return_exceptions=True)
    return None if work_task.cancelled() else work_task.result()


async def _start_backends(
    settings: Settings, children: Children
) -> tuple[Settings, list[tuple[str, _Service]]]:
    """Start or locate PostgreSQL and NATS, migrate; return the API's settings and services."""
    services: list[tuple[str, _Service]] = []
    app_url, owner_url, maintenance_url = await _database(settings, children, services)
    nats_url = await _nats(settings, children, services)
    if owner_url is None:
        logger.warning("PROJECTFLOW_MIGRATION_DATABASE_URL is not set: not running migrations")
    else:
        from projectflow.db.migrate import upgrade

        await asyncio.to_thread(upgrade, owner_url)
    api_settings = settings.model_copy(
        update={
            "database_url": app_url,
            "migration_database_url": owner_url,
            "maintenance_database_url": maintenance_url,
            "nats_url": nats_url,
        }
    )
    return api_settings, services


async def _database(
    settings: Settings, children: Children, services: list[tuple[str, _Service]]
) -> tuple[str, str | None, str | None]:
    """The (application, owner, maintenance) DSNs: the configured ones, or those of an embedded
    server."""
    if settings.database_url:
        return (
            settings.database_url,
            settings.migration_database_url,
            settings.maintenance_database_url,
        )
    from projectflow.db.bootstrap import bootstrap_database

    data_dir = settings.data_dir
    postgres = children.add(
        EmbeddedPostgres(
            data_dir / "postgres", secret_file=data_dir / "secrets" / "postgres-superuser"
        )
    )
    superuser_dsn = await postgres.start()
    services.append(("PostgreSQL", postgres))
    urls = await bootstrap_database(superuser_dsn, data_dir / "secrets")
    return urls.app, urls.owner, urls.maintenance


async def _nats(
    settings: Settings, children: Children, services: list[tuple[str, _Service]]
) -> str:
    if settings.nats_url:
        return settings.nats_url
    data_dir = settings.data_dir
    nats = children.add(EmbeddedNats(data_dir / "nats", data_dir / "secrets" / "nats-token"))
    url = await nats.start()
    services.append(("NATS", nats))
    return url


async def _serve_while_alive(
    settings: Settings,
    sock: socket.socket,
    shutdown: _Shutdown,
    services: list[tuple[str, _Service]],
    fleet: WorkerFleet | None,
    on_started: Callable[[], None],
) -> None:
    """Serve the API (and run the workers); an embedded service dying meanwhile shuts
    everything down."""
    async with asyncio.TaskGroup() as group:
        watchers = [
            group.create_task(_fail_when_exits(name, service, shutdown))
            for name, service in services
        ]
        if fleet is not None:
            watchers.append(group.create_task(fleet.run()))
        try:
            await _serve(settings, sock, shutdown, on_started)
        finally:
            for watcher in watchers:
                watcher.cancel()


async def _fail_when_exits(name: str, service: _Service, shutdown: _Shutdown) -> None:
    code = await service.wait()
    message = f"{name} exited unexpectedly (status {code})"
    logger.error("%s; stopping everything", message)
    shutdown.request(failure=message)


async def _serve_standalone(settings: Settings, sock: socket.socket) -> None:
    shutdown = _Shutdown()
    with shutdown.on_signals():
        await _serve(settings, sock, shutdown, on_started=None)


class _ApiServer(uvicorn.Server):
    """uvicorn without its own signal handling (ours stops the services after it) and with
    a hook for the moment it listens."""

    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None] | None) -> None:
        super().__init__(config)
        self._on_started = on_started

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # uvicorn would re-raise the signal once it stopped, killing us before the services.
        yield

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and self._on_started is not None:
            self._on_started()


async def _serve(
    settings: Settings,
    sock: socket.socket,
    shutdown: _Shutdown,
    on_started: Callable[[], None] | None,
) -> None:
    from projectflow.app import create_app

    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,  # uvicorn's loggers propagate to our JSON handler
        lifespan="on",
        timeout_graceful_shutdown=API_GRACE_SECONDS,
        # uvicorn would believe X-Forwarded-For from loopback; we decide whom to believe
        # (PROJECTFLOW_TRUSTED_PROXIES, kit/client_address.py).
        proxy_headers=False,
        **websocket_options(settings),
    )
    server = _ApiServer(config, on_started)
    shutdown.attach(server)
    try:
        await server.serve(sockets=[sock])
    except SystemExit:
        # uvicorn exits the process when the application's lifespan start-up fails.
        raise RuntimeStartError("the API failed to start; see the log above") from None


def websocket_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's WebSocket settings for the live sync endpoint: its message limit, and no
    per-message compression (Yjs updates are small and binary: deflate costs more CPU than
    it saves bytes)."""
    return {"ws_max_size": settings.collab_max_message_bytes, "ws_per_message_deflate": False}


def _runtime_info(settings: Settings) -> RuntimeInfo:
    # Both are filled in by _start_backends before the API starts.
    assert settings.database_url is not None
    assert settings.nats_url is not None
    return RuntimeInfo(
        api_url=_http_url(settings.host, settings.port),
        database_url=settings.database_url,
        nats_url=settings.nats_url,
        data_dir=settings.data_dir,
        maintenance_database_url=settings.maintenance_database_url,
    )


def _write_runtime_file(path: Path, info: RuntimeInfo) -> None:
    """Write runtime.json atomically, 0600: the DSNs carry the roles' passwords."""
    content = {
        "api_url": info.api_url,
        "database_url": info.database_url,
        "maintenance_database_url": info.maintenance_database_url,
        "nats_url": info.nats_url,
        "pid": os.getpid(),
    }
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)  # O_CREAT's mode applies only to a new file
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        json.dump(content, file, indent=2)
    os.replace(partial, path)


def _http_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
