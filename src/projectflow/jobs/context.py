"""`JobContext`: what a job's handler works with — its row, progress, cancellation, files and
the one transaction that commits its effect together with its success."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from projectflow.collab.cache import DocumentCache
from projectflow.config import Settings
from projectflow.db.identity import unit_of_work
from projectflow.jobs import repository
from projectflow.jobs.events import EventType, job_event
from projectflow.jobs.publish import JobEvents
from projectflow.kit.cpu import CpuPool
from projectflow.kit.sealing import SecretBox
from projectflow.models import Job

# Progress reaches the job's row at most this often (events go out every time).
PROGRESS_SAVE_SECONDS = 0.5


class JobCancelled(Exception):
    """Someone cancelled the job; raised at a checkpoint."""


class AlreadyFinished(Exception):
    """Another delivery of this job finished it (or it was cancelled) meanwhile."""


class RetryableError(Exception):
    """A failure worth another attempt, with a message the job's owner may read."""


class CancelSignal:
    """A cancel of the job as its worker hears it (`jobs.<id>.control`, sent by the API once
    the cancel is committed): at once, without asking the database. A task waiting inside
    `JobContext.interruptible` is woken with JobCancelled."""

    def __init__(self) -> None:
        self.requested = False
        self.waiting: asyncio.Task[object] | None = None

    def set(self) -> None:
        if not self.requested and self.waiting is not None:
            self.waiting.cancel()
        self.requested = True


@dataclass(frozen=True)
class Services:
    """The long-lived objects a worker's jobs share, made when the worker starts."""

    settings: Settings
    doc_cache: DocumentCache  # documents this worker writes to (they catch up when held)
    http: httpx.AsyncClient  # outgoing HTTP (AI providers): one connection pool per worker
    secret_box: SecretBox
    # The maintenance role's connections (compaction); None when it is not configured.
    maintenance: AsyncEngine | None = None


@dataclass
class Finish:
    """The effect's transaction: write through `session`; set `result` (shown in the API)."""

    session: AsyncSession
    result: dict[str, Any] | None = None
    message: str = "Done"


@dataclass
class JobContext:
    job: Job
    sessionmaker: async_sessionmaker[AsyncSession]
    events: JobEvents
    cpu: CpuPool
    services: Services
    cancel: CancelSignal = field(default_factory=CancelSignal)
    finished: Job | None = None
    # The attempt's start has just saved the row.
    _saved_at: float = field(default_factory=time.monotonic)

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params

    @property
    def user_id(self) -> UUID:
        return self.job.created_by

    @property
    def project_id(self) -> UUID:
        return self.job.project_id

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A transaction acting as the job's creator: RLS applies as to them."""
        return unit_of_work(self.sessionmaker, self.user_id)

    async def progress(self, fraction: float, message: str = "") -> None:
        """Report progress (0 to 1); also a checkpoint: raises JobCancelled once cancelled."""
        self.raise_if_cancelled()
        self.job.progress = min(1.0, max(0.0, fraction))
        self.job.message = message
        await self.publish("progress")
        if time.monotonic() - self._saved_at >= PROGRESS_SAVE_SECONDS:
            await self.checkpoint()

    def raise_if_cancelled(self) -> None:
        """JobCancelled if the worker heard of a cancel (free: no database)."""
        if self.cancel.requested:
            raise JobCancelled()

    @asynccontextmanager
    async def interruptible(self) -> AsyncIterator[None]:
        """A wait (say, for a provider's next token) that a cancel ends at once, raising
        JobCancelled where the task waits."""
        self.raise_if_cancelled()
        task = asyncio.current_task()
        assert task is not None
        self.cancel.waiting = task
        try:
            yield
        except asyncio.CancelledError:
            # Woken by the cancel, not cancelled from outside (a worker shutting down).
            if self.cancel.requested and task.uncancel() == 0:
                raise JobCancelled() from None
            raise
        finally:
            self.cancel.waiting = None

    async def checkpoint(self) -> None:
        """Save progress and raise JobCancelled if a cancel was requested (the database's
        word: a cancel whose signal was lost is found here)."""
        self.raise_if_cancelled()
        self._saved_at = time.monotonic()
        async with self.transaction() as session:
            cancel = await repository.save_progress(
                session, self.job.id, self.job.progress, self.job.message
            )
        if cancel is None:
            raise AlreadyFinished()
        if cancel:
            raise JobCancelled()

    async def log(self, text: str) -> None:
        await self.publish("log", text=text)

    async def partial(self, data: dict[str, Any]) -> None:
        """A piece of the result, for viewers to show before the end."""
        await self.publish("partial", data=data)

    async def publish(self, event_type: EventType, **fields: Any) -> None:
        await self.events.publish(self.job, job_event(self.job, event_type, **fields))

    @asynccontextmanager
    async def finish(self) -> AsyncIterator[Finish]:
        """The transaction of the job's effect: it commits with the job marked succeeded, or
        not at all. A second delivery of a finished job gets AlreadyFinished here instead of
        repeating the effect; a cancel requested meanwhile gets JobCancelled."""
        async with self.transaction() as session:
            state = await repository.lock_for_finish(session, self.job.id)
            if state is None or state[0] != "running":
                raise AlreadyFinished()
            if state[1]:
                raise JobCancelled()
            done = Finish(session)
            yield done
            self.finished = await repository.finish(
                session, self.job.id, "succeeded", message=done.message, result=done.result
            )

    async def read_input(self, path: Path) -> int:
        """Copy the job's input file to `path`, part by part; returns its size."""
        async with self.transaction() as session:
            parts, size = await repository.file_size(session, self.job.id, "input")
            with path.open("wb") as file:
                for part in range(parts):
                    file.write(await repository.read_file_part(session, self.job.id, "input", part))
        return int(size)
