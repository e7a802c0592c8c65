"""Scale-out: two API processes and two worker processes on one PostgreSQL and one NATS. Jobs
created through either API finish, and event streams on either API carry every event."""

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import Account, create_board, create_project, sign_up
from tests.support.jobs import Event, read_events, wait_for_job
from tests.support.process import ApiProcess, api_process, worker_process


@pytest.fixture
def apis(settings: Settings) -> Iterator[tuple[ApiProcess, ApiProcess]]:
    with api_process(settings) as first, api_process(settings) as second:
        yield first, second


@pytest.fixture
async def clients(
    apis: tuple[ApiProcess, ApiProcess],
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    async with (
        httpx.AsyncClient(base_url=apis[0].url, timeout=30) as first,
        httpx.AsyncClient(base_url=apis[1].url, timeout=30) as second,
    ):
        yield first, second


async def _events(
    client: httpx.AsyncClient, path: str, account: Account, limit: int | None = None
) -> list[Event]:
    async with client.stream("GET", path, headers=account.headers) as response:
        assert response.status_code == 200
        return await read_events(response, limit=limit)


async def test_jobs_through_either_api_finish_and_both_apis_stream_every_event(
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient], settings: Settings
) -> None:
    first, second = clients
    owner = await sign_up(first, "Owner")
    project = await create_project(second, owner)
    board = await create_board(first, project, owner)
    with worker_process(settings), worker_process(settings):
        job_ids = []
        for index in range(10):
            api = (first, second)[index % 2]
            queued = await api.post(f"/api/boards/{board['id']}/export", headers=owner.headers)
            assert queued.status_code == 202
            job_ids.append(queued.json()["job_id"])
        streams = [
            asyncio.gather(
                _events(first, f"/api/jobs/{job_id}/events", owner),
                _events(second, f"/api/jobs/{job_id}/events", owner),
            )
            for job_id in job_ids
        ]
        seen = await asyncio.wait_for(asyncio.gather(*streams), 60)
        jobs = [await wait_for_job(second, owner, job_id) for job_id in job_ids]
    assert {job["status"] for job in jobs} == {"succeeded"}
    for on_first, on_second in seen:
        assert on_first == on_second
        assert [event.event for event in on_first][-1] == "succeeded"
        assert len(on_first) >= 5  # started, reading, writing, saving, succeeded


async def test_a_change_through_one_api_reaches_board_streams_on_the_other(
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    first, second = clients
    owner = await sign_up(first, "Owner")
    project = await create_project(first, owner)
    board = await create_board(first, project, owner)
    listening = asyncio.create_task(
        _events(second, f"/api/boards/{board['id']}/events", owner, limit=1)
    )
    await asyncio.sleep(0.3)  # the stream is open before the change
    created = await first.post(
        f"/api/boards/{board['id']}/cards",
        json={"title": "Seen everywhere", "column_id": board["columns"][0]["id"]},
        headers=owner.headers,
    )
    events = await asyncio.wait_for(listening, 10)
    assert events[0].event == "card.created"
    assert events[0].data["card_ids"] == [created.json()["id"]]
