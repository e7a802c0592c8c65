"""Job and board events as Server-Sent Events over real HTTP: order, resume with
Last-Event-ID (no gap, no duplicate), heartbeats, the end of a stream, and who may listen."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import nats
import pytest

from projectflow.config import Settings
from projectflow.messaging.names import Names
from tests.support.api import Account, add_member, board_ids, create_board, create_project, sign_up
from tests.support.jobs import (
    Event,
    job_queue,
    read_events,
    running_worker,
    wait_for_job,
    wait_for_status,
)
from tests.support.live import live_server


@pytest.fixture
async def http(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    with live_server(settings) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            yield client


async def _events(
    http: httpx.AsyncClient,
    path: str,
    account: Account,
    *,
    after: str | None = None,
    limit: int | None = None,
    comments: list[str] | None = None,
) -> list[Event]:
    headers = account.headers | ({"Last-Event-ID": after} if after else {})
    async with http.stream("GET", path, headers=headers) as response:
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        return await read_events(response, limit=limit, comments=comments)


async def _project(http: httpx.AsyncClient) -> tuple[Account, str]:
    owner = await sign_up(http, "Owner")
    return owner, await create_project(http, owner)


async def test_a_jobs_stream_carries_its_progress_in_order_and_ends_with_its_result(
    http: httpx.AsyncClient, settings: Settings
) -> None:
    owner, project = await _project(http)
    async with job_queue(settings) as enqueue, running_worker(settings):
        job_id = await enqueue(owner, project, "test.make_board", name="Made", steps=4)
        events = await _events(http, f"/api/jobs/{job_id}/events", owner)
    types = [event.event for event in events]
    assert types == ["progress"] * 5 + ["succeeded"], types
    progress = [event.data["progress"] for event in events]
    assert progress == sorted(progress)
    assert progress[-1] == 1.0
    ids = [int(event.id or 0) for event in events]
    assert ids == sorted(set(ids)), "ids are the stream's sequence: increasing, unique"
    assert events[-1].data["result"]["board_id"]
    assert events[-1].data["status"] == "succeeded"


async def test_resuming_with_last_event_id_gives_no_gap_and_no_duplicate(
    http: httpx.AsyncClient, settings: Settings
) -> None:
    owner, project = await _project(http)
    path = ""
    async with job_queue(settings) as enqueue, running_worker(settings):
        job_id = await enqueue(owner, project, "test.make_board", name="X", seconds=2, steps=8)
        path = f"/api/jobs/{job_id}/events"
        # Live: two events, then the connection drops while the job goes on.
        first = await _events(http, path, owner, limit=2)
        rest = await _events(http, path, owner, after=first[-1].id)
        whole = await _events(http, path, owner)
    assert [e.id for e in first + rest] == [e.id for e in whole]
    assert first + rest == whole
    assert whole[-1].event == "succeeded"
    # Resuming after the last event of an ended job: nothing is repeated; the end is said.
    again = await _events(http, path, owner, after=whole[-1].id)
    assert [(e.id, e.event) for e in again] == [(None, "succeeded")]


async def test_an_idle_stream_gets_heartbeats_and_a_cancel_ends_it(settings: Settings) -> None:
    bounded = settings.model_copy(update={"sse_max_seconds": 1.6})
    with live_server(bounded) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            await _idle_then_cancelled(http, bounded)


async def _idle_then_cancelled(http: httpx.AsyncClient, settings: Settings) -> None:
    owner, project = await _project(http)
    async with job_queue(settings) as enqueue:
        job_id = await enqueue(owner, project, "test.make_board", name="Never")
    comments: list[str] = []
    heard = await _events(http, f"/api/jobs/{job_id}/events", owner, comments=comments)
    # No worker runs: the stream stays open (heartbeats) until it reaches its maximum age...
    assert heard == []
    assert comments.count("heartbeat") >= 2
    cancel = await http.post(f"/api/jobs/{job_id}/cancel", headers=owner.headers)
    assert cancel.status_code == 200
    # ...and a cancelled queued job's stream says so and ends.
    events = await _events(http, f"/api/jobs/{job_id}/events", owner)
    assert [event.event for event in events] == ["cancelled"]


async def test_a_stream_whose_events_expired_ends_from_the_jobs_row(
    http: httpx.AsyncClient, settings: Settings
) -> None:
    owner, project = await _project(http)
    async with job_queue(settings) as enqueue, running_worker(settings):
        job_id = await enqueue(owner, project, "test.make_board", name="Old")
        await wait_for_job(http, owner, job_id)
    names = Names(settings.nats_namespace)
    client = await nats.connect(str(settings.nats_url))
    try:
        await client.jetstream().purge_stream(
            names.job_events_stream, subject=names.job_events(job_id)
        )
    finally:
        await client.close()
    events = await _events(http, f"/api/jobs/{job_id}/events", owner)
    assert [(event.id, event.event) for event in events] == [(None, "succeeded")]
    assert events[0].data["result"]["board_id"]


async def test_another_projects_streams_are_forbidden(http: httpx.AsyncClient) -> None:
    owner, project = await _project(http)
    outsider = await sign_up(http, "Outsider")
    board = await create_board(http, project, owner)
    export = await http.post(f"/api/boards/{board['id']}/export", headers=owner.headers)
    for path in [
        f"/api/jobs/{export.json()['job_id']}/events",
        f"/api/boards/{board['id']}/events",
    ]:
        response = await http.get(path, headers=outsider.headers)
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "forbidden"


async def test_board_changes_are_streamed_after_commit_with_actor_and_ids(
    http: httpx.AsyncClient,
) -> None:
    owner, project = await _project(http)
    board = await create_board(http, project, owner)
    column = board["columns"][0]["id"]
    path = f"/api/boards/{board['id']}/events"
    listening = asyncio.create_task(_events(http, path, owner, limit=3))
    await asyncio.sleep(0.3)  # a stream without Last-Event-ID starts with the next change
    created = [await _card(http, owner, board["id"], column, title) for title in "ABC"]
    events = await asyncio.wait_for(listening, 10)
    assert [event.event for event in events] == ["card.created"] * 3
    assert [event.data["card_ids"] for event in events] == [[card] for card in created]
    assert {event.data["actor"] for event in events} == {owner.id}
    resumed = await _events(http, path, owner, after=events[0].id, limit=2)
    assert resumed == events[1:]
    # A refused change publishes nothing: the next event after the last is the next change.
    refused = await http.post(
        f"/api/boards/{board['id']}/cards",
        json={"title": "No", "column_id": "00000000-0000-0000-0000-000000000000"},
        headers=owner.headers,
    )
    assert refused.status_code == 422
    later = await _card(http, owner, board["id"], column, "D")
    following = await _events(http, path, owner, after=events[-1].id, limit=1)
    assert [event.data["card_ids"] for event in following] == [[later]]


async def _card(
    http: httpx.AsyncClient, owner: Account, board: str, column: str, title: str
) -> str:
    response = await http.post(
        f"/api/boards/{board}/cards",
        json={"title": title, "column_id": column},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    card_id: str = response.json()["id"]
    return card_id


async def test_a_job_whose_creator_left_the_project_fails_without_its_effect(
    http: httpx.AsyncClient, settings: Settings
) -> None:
    """Workers act as the creator under RLS: access lost meanwhile is access lost."""
    owner, project = await _project(http)
    member = await sign_up(http, "Member")
    await add_member(http, project, owner, member, "member")
    async with job_queue(settings) as enqueue, running_worker(settings):
        job_id = await enqueue(member, project, "test.make_board", name="Late", seconds=1, steps=4)
        await wait_for_status(http, member, job_id, "running")
        left = await http.delete(
            f"/api/projects/{project}/members/{member.id}", headers=member.headers
        )
        assert left.status_code == 204
        job = await wait_for_job(http, owner, job_id)
    assert job["status"] == "failed"
    assert job["attempts"] == 1
    assert "access" in job["error"]
    assert await board_ids(http, project, owner) == []
