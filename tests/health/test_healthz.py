import asyncio
import tempfile
from pathlib import Path

import httpx

from projectflow.config import Settings
from projectflow.health.endpoints import SharedCheck
from projectflow.runtime.nats import EmbeddedNats
from projectflow.runtime.process import free_port
from tests.support.api import assert_error
from tests.support.app import api_client


async def test_healthy_when_postgres_and_nats_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def _health(settings: Settings) -> httpx.Response:
    async with api_client(settings) as client:
        return await client.get("/healthz")


async def test_503_names_postgres_when_it_is_down(settings: Settings) -> None:
    unreachable = f"postgresql://projectflow_app:x@127.0.0.1:{free_port()}/projectflow"
    response = await _health(settings.model_copy(update={"database_url": unreachable}))
    error = assert_error(response, 503, "unavailable")
    assert error["details"] == {"down": ["postgres"]}
    assert "postgres" in error["message"]


async def test_503_names_nats_when_it_goes_away(settings: Settings) -> None:
    with tempfile.TemporaryDirectory() as directory:
        server = EmbeddedNats(Path(directory) / "nats", Path(directory) / "nats-token")
        url = await server.start()
        async with api_client(settings.model_copy(update={"nats_url": url})) as client:
            assert (await client.get("/healthz")).status_code == 200
            await server.stop()
            response = await client.get("/healthz")
    error = assert_error(response, 503, "unavailable")
    assert error["details"] == {"down": ["nats"]}


async def test_openapi_is_served(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/api/openapi.json")).json()
    assert "/api/auth/signup" in schema["paths"]
    assert "/api/projects/{project_id}/audit" in schema["paths"]


async def test_concurrent_checks_share_one_probe_and_survive_a_caller_leaving() -> None:
    """However many anonymous callers ask at once, one check runs (one pooled connection)."""
    calls = 0
    release = asyncio.Event()

    async def check() -> tuple[bool, bool]:
        nonlocal calls
        calls += 1
        await release.wait()
        return True, True

    shared = SharedCheck()
    callers = [asyncio.ensure_future(shared.run(check)) for _ in range(100)]
    await asyncio.sleep(0)
    callers[0].cancel()
    release.set()
    results = await asyncio.gather(*callers[1:])
    assert results == [(True, True)] * 99
    assert calls == 1
    await shared.run(check)  # a later request checks afresh
    assert calls == 2
