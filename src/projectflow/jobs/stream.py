"""A job's events for one viewer (see realtime/sse.py for resume and heartbeats)."""

from collections.abc import AsyncIterator
from uuid import UUID

from fastapi.sse import ServerSentEvent
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from projectflow.authz.service import JobAccess
from projectflow.db.identity import unit_of_work
from projectflow.jobs import repository
from projectflow.jobs.events import final_event
from projectflow.jobs.schemas import FINAL_STATUSES
from projectflow.messaging.names import Names
from projectflow.models import Job
from projectflow.realtime.sse import Source, event_stream, last_event_id

# A job that has already ended: how long to wait for its stored events before ending the
# stream from its row (its events may have expired).
ENDED_WAIT_SECONDS = 0.5


async def job_events(
    js: JetStreamContext,
    names: Names,
    sessionmaker: async_sessionmaker[AsyncSession],
    access: JobAccess,
    last_id: str | None,
    heartbeat_seconds: float,
    max_seconds: float,
) -> AsyncIterator[ServerSentEvent]:
    job = await _load(sessionmaker, access.user_id, access.job_id)
    ended = job is not None and job.status in FINAL_STATUSES
    current_round = job.round if job is not None else 0

    async def on_idle() -> list[ServerSentEvent] | None:
        # The final event may be missing (expired, or its publisher died after the commit):
        # the row has the last word.
        job = await _load(sessionmaker, access.user_id, access.job_id)
        if job is None:
            return []  # no longer visible to this viewer
        if job.status in FINAL_STATUSES:
            return [ServerSentEvent(event=job.status, data=final_event(job))]
        return None

    source = Source(js, names.job_events_stream, names.job_events(access.job_id))
    async for event in event_stream(
        source,
        after=last_event_id(last_id),
        idle_seconds=ENDED_WAIT_SECONDS if ended else heartbeat_seconds,
        on_idle=on_idle,
        max_seconds=max_seconds,
        final_types=FINAL_STATUSES,  # a final event is named by its status
        # Events of a round before a retry are history; the current round's are the news.
        keep=lambda fields: fields.get("round", 0) >= current_round,
    ):
        yield event


async def _load(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: UUID, job_id: UUID
) -> Job | None:
    async with unit_of_work(sessionmaker, user_id) as session:
        return await repository.get(session, job_id)
