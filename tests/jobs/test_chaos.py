"""Faults with real worker processes, real NATS and real PostgreSQL: a worker killed in the
middle of a job, NATS restarted during a burst, NATS down while jobs are created, a job that
never succeeds. Nothing acknowledged is lost, and no effect happens twice."""

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import nats
import pytest

from projectflow.config import Settings
from projectflow.messaging.names import Names
from projectflow.runtime.nats import EmbeddedNats
from tests.support.api import Account, create_board, create_project, sign_up
from tests.support.app import api_client
from tests.support.databases import TestDatabase, as_superuser
from tests.support.jobs import job_queue, read_events, wait_for_job, wait_for_status
from tests.support.process import worker_process


@pytest.fixture
async def own_nats(tmp_path: Path) -> AsyncIterator[EmbeddedNats]:
    """A NATS of this test's own, to stop and start (again on its address)."""
    async with EmbeddedNats(tmp_path / "nats", tmp_path / "nats-token") as server:
        yield server


@pytest.fixture
def chaos_settings(settings: Settings, own_nats: EmbeddedNats) -> Settings:
    return settings.model_copy(update={"nats_url": own_nats.url})


@pytest.fixture
async def client(chaos_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(chaos_settings) as client:
        yield client


async def _boards_named(database: TestDatabase, prefix: str) -> dict[str, int]:
    rows = await as_superuser(
        database,
        "SELECT name, count(*) AS copies FROM boards WHERE name LIKE $1 GROUP BY name",
        prefix + "%",
    )
    return {row["name"]: row["copies"] for row in rows}


async def _statuses(database: TestDatabase) -> dict[str, int]:
    rows = await as_superuser(database, "SELECT status, count(*) AS jobs FROM jobs GROUP BY status")
    return {row["status"]: row["jobs"] for row in rows}


async def _until(database: TestDatabase, jobs: int, seconds: float) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    while (statuses := await _statuses(database)).get("succeeded", 0) < jobs:
        assert time.monotonic() < deadline, statuses
        await asyncio.sleep(0.2)
    return statuses


async def _owner(client: httpx.AsyncClient) -> tuple[Account, str]:
    owner = await sign_up(client, "Owner")
    return owner, await create_project(client, owner)


async def test_a_job_whose_worker_is_killed_is_finished_by_another_exactly_once(
    client: httpx.AsyncClient, chaos_settings: Settings, database: TestDatabase
) -> None:
    owner, project = await _owner(client)
    async with job_queue(chaos_settings) as enqueue:
        with worker_process(chaos_settings) as doomed:
            job_id = await enqueue(
                owner, project, "test.make_board", name="once", seconds=2, steps=8
            )
            await wait_for_status(client, owner, job_id, "running")
            await asyncio.sleep(0.5)  # in the middle of its work
            os.kill(doomed.pid, signal.SIGKILL)
            doomed.wait()
        with worker_process(chaos_settings):
            job = await wait_for_job(client, owner, job_id, seconds=30)
    assert job["status"] == "succeeded", job
    assert job["attempts"] == 2
    assert await _boards_named(database, "once") == {"once": 1}


async def test_nats_restarting_during_a_burst_of_500_loses_none_and_repeats_none(
    client: httpx.AsyncClient,
    chaos_settings: Settings,
    database: TestDatabase,
    own_nats: EmbeddedNats,
) -> None:
    owner, project = await _owner(client)
    async with job_queue(chaos_settings) as enqueue:
        with worker_process(chaos_settings), worker_process(chaos_settings):
            for index in range(500):
                await enqueue(owner, project, "test.make_board", name=f"burst-{index:03}")
                if index == 150:
                    await own_nats.stop()
                if index == 300:
                    await own_nats.start()
            statuses = await _until(database, 500, seconds=120)
    assert statuses == {"succeeded": 500}
    boards = await _boards_named(database, "burst-")
    assert len(boards) == 500
    assert set(boards.values()) == {1}


async def test_after_nats_restarts_a_jobs_viewer_sees_its_events_live_again(
    client: httpx.AsyncClient, chaos_settings: Settings, own_nats: EmbeddedNats
) -> None:
    """Job events live in memory, gone with a NATS restart: the API and the workers make
    their stream again when they reconnect."""
    owner, project = await _owner(client)
    names = Names(chaos_settings.nats_namespace)
    async with job_queue(chaos_settings) as enqueue:
        with worker_process(chaos_settings):
            before = await enqueue(owner, project, "test.make_board", name="before")
            await wait_for_job(client, owner, before)  # the worker is up
            await own_nats.stop()
            await own_nats.start()
            observer = await nats.connect(own_nats.url)
            try:
                deadline = time.monotonic() + 30
                while names.job_events_stream not in {
                    info.config.name for info in await observer.jetstream().streams_info()
                }:
                    assert time.monotonic() < deadline, "the job events stream was not made again"
                    await asyncio.sleep(0.2)
            finally:
                await observer.close()
            job_id = await enqueue(
                owner, project, "test.make_board", name="after", seconds=1, steps=4
            )
            path = f"/api/jobs/{job_id}/events"
            async with client.stream("GET", path, headers=owner.headers) as response:
                events = await read_events(response)
    assert [event.event for event in events] == ["progress"] * 5 + ["succeeded"]
    # From the stream (a stream id each), not from the job's row.
    assert all(event.id for event in events)


async def test_jobs_created_while_nats_is_down_are_accepted_and_run_once_it_is_back(
    client: httpx.AsyncClient,
    chaos_settings: Settings,
    database: TestDatabase,
    own_nats: EmbeddedNats,
) -> None:
    owner, project = await _owner(client)
    board = await create_board(client, project, owner)
    await own_nats.stop()
    statuses = [
        (await client.post(f"/api/boards/{board['id']}/export", headers=owner.headers)).status_code
        for _ in range(50)
    ]
    assert statuses == [202] * 50
    assert await _statuses(database) == {"queued": 50}
    await own_nats.start()
    with worker_process(chaos_settings):
        assert await _until(database, 50, seconds=60) == {"succeeded": 50}


async def test_a_job_that_always_fails_is_dead_lettered_after_its_attempts(
    client: httpx.AsyncClient, chaos_settings: Settings
) -> None:
    owner, project = await _owner(client)
    async with job_queue(chaos_settings) as enqueue:
        with worker_process(chaos_settings):
            job_id = await enqueue(owner, project, "test.fail")
            job = await wait_for_job(client, owner, job_id)
    assert (job["status"], job["attempts"], job["error"]) == ("failed", 3, "boom on attempt 3")
    names = Names(chaos_settings.nats_namespace)
    nc = await nats.connect(str(chaos_settings.nats_url))
    try:
        letter = await nc.jetstream().get_last_msg(
            names.dead_letter_stream, names.dead_letter_subject("test.fail")
        )
    finally:
        await nc.close()
    assert b"boom on attempt 3" in (letter.data or b"")
    assert job_id.encode() in (letter.data or b"")
