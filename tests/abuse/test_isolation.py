"""No tenant can stall the others: a flood of anonymous failed logins, or three 20,000-card
imports, while a legitimate tenant reads its board. The API runs as a process of its own; the
load comes from this test process. Latencies are compared within one run (a ratio), never
against wall-clock thresholds."""

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import PASSWORD
from tests.support.process import ApiProcess, api_process

READS = 150
MAX_SLOWDOWN = 3.0


@pytest.fixture
def api(settings: Settings) -> Iterator[ApiProcess]:
    with api_process(settings) as process:
        yield process


async def _tenant(client: httpx.AsyncClient, name: str) -> tuple[dict[str, str], str]:
    """A signed-up tenant with a project and a board of 20 cards: (auth headers, board id)."""
    signup = {"email": f"{name}@example.com", "password": PASSWORD, "name": name}
    token = (await client.post("/api/auth/signup", json=signup)).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    project = (await client.post("/api/projects", json={"name": name}, headers=headers)).json()
    board = (
        await client.post(
            f"/api/projects/{project['id']}/boards", json={"name": "B"}, headers=headers
        )
    ).json()
    column = board["columns"][0]["id"]
    for index in range(20):
        card = {"column_id": column, "title": f"Card {index}"}
        await client.post(f"/api/boards/{board['id']}/cards", json=card, headers=headers)
    return headers, board["id"]


async def _p95(
    read: Callable[[], Awaitable[httpx.Response]], busy: asyncio.Task[object] | None
) -> float:
    """p95 of at least READS sequential reads, going on while `busy` runs."""
    timings = []
    while len(timings) < READS or (busy is not None and not busy.done()):
        started = time.perf_counter()
        response = await read()
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    return statistics.quantiles(timings, n=20)[-1]


async def test_a_flood_of_failed_logins_does_not_stall_another_tenant(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url, timeout=60) as client:
        headers, board = await _tenant(client, "reader")

        def read() -> Awaitable[httpx.Response]:
            return client.get(f"/api/boards/{board}", headers=headers)

        idle = await _p95(read, None)
        async with httpx.AsyncClient(base_url=api.url, timeout=60) as attacker:
            flood = asyncio.ensure_future(
                asyncio.gather(
                    *(
                        attacker.post(
                            "/api/auth/login",
                            json={"email": f"victim{i}@example.com", "password": "guess!"},
                        )
                        for i in range(50)
                    )
                )
            )
            loaded = await _p95(read, flood)
            statuses = [response.status_code for response in await flood]
    assert set(statuses) <= {401, 429}, statuses
    assert loaded <= MAX_SLOWDOWN * idle, (
        f"p95 idle {idle * 1e3:.1f} ms, flood {loaded * 1e3:.1f} ms"
    )


def _csv(rows: int) -> bytes:
    lines = ["title,description,column,labels"]
    lines += [
        f"Card {i},Imported description {i},Column {i % 5},label-{i % 7}" for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


async def test_three_large_imports_do_not_stall_health_or_board_reads(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url, timeout=300) as client:
        headers, board = await _tenant(client, "reader")
        importer, _ = await _tenant(client, "importer")
        project = (await client.get("/api/projects", headers=importer)).json()[0]["id"]
        upload = _csv(20_000)

        def read_board() -> Awaitable[httpx.Response]:
            return client.get(f"/api/boards/{board}", headers=headers)

        def health() -> Awaitable[httpx.Response]:
            return client.get("/healthz")

        idle_board, idle_health = await _p95(read_board, None), await _p95(health, None)
        async with httpx.AsyncClient(base_url=api.url, timeout=300) as other:
            imports = asyncio.ensure_future(
                asyncio.gather(
                    *(
                        other.post(
                            f"/api/projects/{project}/import/csv?board_name=Big{i}",
                            content=upload,
                            headers=importer,
                        )
                        for i in range(3)
                    )
                )
            )
            loaded_board = await _p95(read_board, imports)
            loaded_health = await _p95(health, imports)
            results = await imports
    assert [r.status_code for r in results] == [201] * 3, [r.text[:200] for r in results]
    assert loaded_board <= MAX_SLOWDOWN * idle_board, (idle_board, loaded_board)
    assert loaded_health <= MAX_SLOWDOWN * idle_health, (idle_health, loaded_health)
