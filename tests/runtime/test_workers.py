"""`projectflow up`'s worker fleet: real worker processes, scaled by the queue's backlog."""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from projectflow.config import Settings
from projectflow.runtime.workers import WorkerFleet
from tests.support.api import create_project, sign_up
from tests.support.databases import TestDatabase, as_superuser
from tests.support.jobs import job_queue
from tests.support.process import REPOSITORY

JOBS = 12


@pytest.fixture
def fleet_settings(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PYTHONPATH", str(REPOSITORY))  # the workers load the test job kinds
    return settings.model_copy(
        update={
            "data_dir": tmp_path,
            "workers_min": 1,
            "workers_max": 3,
            "worker_concurrency": 1,
            "workers_idle_seconds": 1.0,
            "workers_scale_interval_seconds": 0.2,
        }
    )


@asynccontextmanager
async def running(fleet: WorkerFleet) -> AsyncIterator[WorkerFleet]:
    task = asyncio.create_task(fleet.run())
    try:
        yield fleet
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await fleet.stop()


async def _until(condition: Callable[[], Awaitable[bool]], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def _jobs(database: TestDatabase, status: str) -> int:
    rows = await as_superuser(
        database, "SELECT count(*) AS jobs FROM jobs WHERE status = $1", status
    )
    return int(rows[0]["jobs"])


async def _all_succeeded(database: TestDatabase, jobs: int) -> bool:
    return await _jobs(database, "succeeded") == jobs


async def _running(database: TestDatabase, jobs: int) -> bool:
    return await _jobs(database, "running") >= jobs


async def _board_copies(database: TestDatabase) -> set[int]:
    rows = await as_superuser(database, "SELECT count(*) AS copies FROM boards GROUP BY name")
    return {row["copies"] for row in rows}


async def test_a_backlog_scales_up_to_the_max_stopping_loses_nothing_idle_scales_down(
    client: httpx.AsyncClient, fleet_settings: Settings, database: TestDatabase
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    first = WorkerFleet(fleet_settings)
    async with running(first), job_queue(fleet_settings) as enqueue:
        await _until(lambda: _size_is(first, 1))
        # Long enough that three run at once even when the workers are slow to start.
        for index in range(JOBS):
            await enqueue(
                owner, project, "test.make_board", name=f"job-{index}", seconds=3, steps=3
            )
        await _until(lambda: _size_is(first, 3))
        await _until(lambda: _running(database, 3))
    # The whole fleet stopped with jobs running and waiting: each worker finished or handed
    # back its job. A new fleet finishes the rest, each job's effect once.
    assert first.size == 0
    second = WorkerFleet(fleet_settings)
    async with running(second):
        await _until(lambda: _all_succeeded(database, JOBS))
        assert await _board_copies(database) == {1}
        await _until(lambda: _size_is(second, 1), seconds=30)


async def _size_is(fleet: WorkerFleet, size: int) -> bool:
    return fleet.size == size
