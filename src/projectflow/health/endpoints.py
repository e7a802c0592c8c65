import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from nats.aio.client import Client as NatsClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from projectflow.kit.errors import error_body
from projectflow.state import NatsDep

router = APIRouter(tags=["health"])

CHECK_TIMEOUT_SECONDS = 2.0


@router.get(
    "/healthz",
    response_model=None,
    responses={503: {"description": "PostgreSQL or NATS is not answering"}},
)
async def healthz(request: Request, nats_client: NatsDep) -> dict[str, str] | JSONResponse:
    """200 only when PostgreSQL and NATS (with JetStream) both answer; else 503 naming the rest."""
    engine: AsyncEngine = request.app.state.engine
    shared: SharedCheck = request.app.state.health_check
    postgres_ok, nats_ok = await shared.run(lambda: _both_answer(engine, nats_client))
    if postgres_ok and nats_ok:
        return {"status": "ok"}
    down = [name for name, ok in (("postgres", postgres_ok), ("nats", nats_ok)) if not ok]
    body = error_body(
        "unavailable",
        f"{' and '.join(down)} {'is' if len(down) == 1 else 'are'} not answering.",
        {"down": down},
    )
    return JSONResponse(body, status_code=503)


class SharedCheck:
    """Requests arriving while a check runs share its result: however many anonymous callers
    ask at once, health takes at most one pooled connection."""

    def __init__(self) -> None:
        self._running: asyncio.Future[tuple[bool, bool]] | None = None

    async def run(
        self, check: Callable[[], Coroutine[Any, Any, tuple[bool, bool]]]
    ) -> tuple[bool, bool]:
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(check())
        # Shielded: a caller that goes away does not cancel the others' check.
        return await asyncio.shield(self._running)


async def _both_answer(engine: AsyncEngine, nats_client: NatsClient) -> tuple[bool, bool]:
    postgres_ok, nats_ok = await asyncio.gather(
        _postgres_answers(engine), _nats_answers(nats_client)
    )
    return postgres_ok, nats_ok


async def _postgres_answers(engine: AsyncEngine) -> bool:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


async def _nats_answers(client: NatsClient) -> bool:
    if not client.is_connected:
        return False
    try:
        await client.jetstream(timeout=CHECK_TIMEOUT_SECONDS).account_info()
    except Exception:
        return False
    return True
