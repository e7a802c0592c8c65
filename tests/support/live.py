"""Apps served over real HTTP by uvicorn on loopback, each in a thread of its own: the API (for
concurrency and browser tests) and stand-ins for services we do not own."""

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import uvicorn
from starlette.types import ASGIApp

from projectflow.app import create_app
from projectflow.config import Settings
from projectflow.runtime.process import free_port
from projectflow.runtime.supervisor import websocket_options


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """Yields the base URL while a real server runs; stops it afterwards."""
    with serve(create_app(settings), lifespan="on", **websocket_options(settings)) as url:
        yield url


@contextmanager
def serve(app: ASGIApp, lifespan: Literal["on", "off"] = "off", **options: Any) -> Iterator[str]:
    """Any ASGI app over real HTTP on loopback (the API, or a stand-in for a service we do not
    own), in a thread of its own; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan=lifespan,
        proxy_headers=False,  # as `projectflow up` serves it
        **options,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
