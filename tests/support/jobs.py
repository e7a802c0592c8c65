"""Jobs in tests: a worker in-process, jobs of the test kinds, waiting for outcomes, and
reading Server-Sent Events over real HTTP."""

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx
import nats

from projectflow.authz.permissions import Permission
from projectflow.authz.service import project_access
from projectflow.config import Settings
from projectflow.db.engine import create_engine, create_sessionmaker
from projectflow.db.identity import unit_of_work
from projectflow.jobs import service
from projectflow.jobs.schemas import FINAL_STATUSES
from projectflow.jobs.worker import Worker, WorkerOptions
from projectflow.messaging.names import Names
from projectflow.messaging.streams import queue_settings, stream_configs
from tests.support.api import Account

TEST_JOB_KINDS = "tests.support.job_kinds"


async def delete_namespace(nats_url: str, namespace: str) -> None:
    """Remove a test's streams and bucket from the shared NATS."""
    names = Names(namespace)
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        stream_names = [config.name for config in stream_configs(names, queue_settings(Settings()))]
        for name in [*stream_names, f"KV_{names.workers_bucket}"]:
            with contextlib.suppress(nats.js.errors.NotFoundError):
                await js.delete_stream(name)
    finally:
        await client.close()


@asynccontextmanager
async def running_worker(settings: Settings, concurrency: int = 2) -> AsyncIterator[Worker]:
    """A worker in this process, stopped (and wound down) afterwards."""
    worker = Worker(settings, WorkerOptions(concurrency=concurrency))
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        yield worker
    finally:
        stop.set()
        await task


@asynccontextmanager
async def job_queue(settings: Settings) -> AsyncIterator["Enqueue"]:
    """Create jobs of any kind directly through the jobs service (as the API would)."""
    assert settings.database_url
    engine = create_engine(settings.database_url, pool_size=2)
    try:
        yield Enqueue(create_sessionmaker(engine))
    finally:
        await engine.dispose()


@dataclass
class Enqueue:
    sessionmaker: Any
    created: list[str] = field(default_factory=list)

    async def __call__(self, account: Account, project: str, kind: str, **params: Any) -> str:
        async with unit_of_work(self.sessionmaker, UUID(account.id)) as session:
            access = await project_access(
                session, UUID(account.id), UUID(project), Permission.PROJECT_READ
            )
            job = await service.enqueue(session, access, kind, params)
        self.created.append(str(job.id))
        return str(job.id)


async def wait_for_job(
    client: httpx.AsyncClient, account: Account, job_id: str, seconds: float = 30
) -> dict[str, Any]:
    """Poll the job until it ends (at most `seconds`); its final JSON."""
    deadline = time.monotonic() + seconds
    while True:
        response = await client.get(f"/api/jobs/{job_id}", headers=account.headers)
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        if job["status"] in FINAL_STATUSES:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} did not end in {seconds} s: {job}")
        await asyncio.sleep(0.05)


async def wait_for_status(
    client: httpx.AsyncClient, account: Account, job_id: str, status: str, seconds: float = 30
) -> None:
    deadline = time.monotonic() + seconds
    while (await client.get(f"/api/jobs/{job_id}", headers=account.headers)).json()[
        "status"
    ] != status:
        assert time.monotonic() < deadline, f"job {job_id} never became {status}"
        await asyncio.sleep(0.05)


@dataclass(frozen=True)
class Event:
    id: str | None
    event: str | None
    data: Any


async def read_events(
    response: httpx.Response, *, limit: int | None = None, comments: list[str] | None = None
) -> list[Event]:
    """Parse a text/event-stream response until it ends, or until `limit` events."""
    events: list[Event] = []
    fields: dict[str, str] = {}
    async for line in response.aiter_lines():
        if line.startswith(":"):
            if comments is not None:
                comments.append(line[1:].strip())
        elif line:
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
        elif fields:
            data = fields.get("data")
            events.append(
                Event(fields.get("id"), fields.get("event"), json.loads(data) if data else None)
            )
            fields = {}
            if limit is not None and len(events) >= limit:
                break
    return events
