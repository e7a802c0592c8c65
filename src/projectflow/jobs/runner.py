"""One delivery of a job: run its handler as its creator and decide what to tell the queue.

Outcomes: the effect committed with the job marked succeeded (ack); a cancel honoured (ack); a
permanent failure — bad input, lost access — marked failed (ack); a transient failure given
another attempt after an exponential backoff with jitter (nak with that delay); the last attempt
failed, or a worker died during it: marked failed and dead-lettered (ack).
"""

import json
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from projectflow.db.identity import unit_of_work
from projectflow.jobs import repository
from projectflow.jobs.context import (
    AlreadyFinished,
    CancelSignal,
    JobCancelled,
    JobContext,
    RetryableError,
    Services,
)
from projectflow.jobs.events import final_event, job_event
from projectflow.jobs.kinds import JobKind
from projectflow.jobs.publish import JobEvents
from projectflow.kit.cpu import CpuPool
from projectflow.kit.errors import AppError
from projectflow.messaging.names import Names
from projectflow.models import Job

logger = logging.getLogger(__name__)

Outcome = Literal["succeeded", "failed", "cancelled", "retried", "dead_lettered", "skipped"]


@dataclass(frozen=True)
class Delivery:
    """A queue message: which job, how many times it has been delivered (from 1), and its
    sequence in the queue (each round of a job is a message of its own)."""

    job_id: UUID
    project_id: UUID
    kind: str
    created_by: UUID
    attempt: int
    sequence: int

    @classmethod
    def parse(cls, data: bytes, attempt: int, sequence: int) -> "Delivery":
        fields = json.loads(data)
        return cls(
            job_id=UUID(fields["job_id"]),
            project_id=UUID(fields["project_id"]),
            kind=fields["kind"],
            created_by=UUID(fields["created_by"]),
            attempt=attempt,
            sequence=sequence,
        )


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    # Negative-acknowledge with this delay instead of acknowledging.
    retry_after: float | None = None


@dataclass(frozen=True)
class Runtime:
    """What every run in a worker shares."""

    sessionmaker: async_sessionmaker[AsyncSession]
    js: JetStreamContext
    names: Names
    events: JobEvents
    cpu: CpuPool
    services: Services
    retry_base_seconds: float
    retry_max_seconds: float
    # The cancel signals of the jobs this worker runs, by job (see jobs/worker.py).
    cancels: dict[UUID, CancelSignal]


async def run_delivery(runtime: Runtime, kind: JobKind, delivery: Delivery) -> Verdict:
    if delivery.attempt > kind.max_attempts:
        # The previous delivery was the last attempt and its worker never reported back.
        error = f"The worker running attempt {kind.max_attempts} stopped before it ended."
        await _dead_letter(runtime, delivery, error)
        return Verdict("dead_lettered")
    # Listening before the job's row is read: a cancel committed after the read is heard.
    cancel = runtime.cancels.setdefault(delivery.job_id, CancelSignal())
    try:
        return await _start(runtime, kind, delivery, cancel)
    finally:
        runtime.cancels.pop(delivery.job_id, None)


async def _start(
    runtime: Runtime, kind: JobKind, delivery: Delivery, cancel: CancelSignal
) -> Verdict:
    async with unit_of_work(runtime.sessionmaker, delivery.created_by) as session:
        job = await repository.start_attempt(session, delivery.job_id)
        # Cancelled while its last attempt could not report back (or while it waited to retry).
        cancelled = None
        if job is None:
            cancelled = await repository.finish(
                session, delivery.job_id, "cancelled", message="Cancelled", if_cancel_requested=True
            )
    if cancelled is not None:
        await runtime.events.publish(cancelled, final_event(cancelled))
        return Verdict("cancelled")
    if job is None:
        return Verdict("skipped")  # already ended
    context = JobContext(
        job, runtime.sessionmaker, runtime.events, runtime.cpu, runtime.services, cancel
    )
    job.message = f"Started (attempt {delivery.attempt} of {kind.max_attempts})"
    await context.publish("progress")
    return await _run(runtime, kind, delivery, context)


async def _run(runtime: Runtime, kind: JobKind, delivery: Delivery, context: JobContext) -> Verdict:
    job = context.job
    try:
        await kind.run(context)
        if context.finished is None:  # a job with no effect of its own to commit
            async with context.finish():
                pass
    except AlreadyFinished:
        return Verdict("skipped")
    except JobCancelled:
        await _end(runtime, delivery, "cancelled", message="Cancelled")
        return Verdict("cancelled")
    except AppError as error:  # bad input or no access: another attempt would fail the same way
        await _end(runtime, delivery, "failed", message="Failed", error=error.message)
        return Verdict("failed")
    except Exception as error:
        return await _failed_attempt(runtime, kind, delivery, job, _describe(job, error))
    assert context.finished is not None
    await runtime.events.publish(context.finished, final_event(context.finished))
    return Verdict("succeeded")


async def _failed_attempt(
    runtime: Runtime, kind: JobKind, delivery: Delivery, job: Job, error: str
) -> Verdict:
    if delivery.attempt >= kind.max_attempts:
        await _dead_letter(runtime, delivery, error)
        return Verdict("dead_lettered")
    delay = backoff(delivery.attempt, runtime.retry_base_seconds, runtime.retry_max_seconds)
    message = f"Attempt {delivery.attempt} failed; retrying in {delay:.0f} s"
    async with unit_of_work(runtime.sessionmaker, delivery.created_by) as session:
        await repository.back_to_queue(session, job.id, message=message, error=error)
    job.status, job.message = "queued", message
    await runtime.events.publish(job, job_event(job, "log", text=f"{message}: {error}"))
    return Verdict("retried", retry_after=delay)


def backoff(attempt: int, base: float, cap: float) -> float:
    """Exponential in the attempt, capped, with ±50 % jitter so that jobs that failed together
    do not all come back together."""
    return float(min(cap, base * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5))  # noqa: S311


async def _dead_letter(runtime: Runtime, delivery: Delivery, error: str) -> None:
    """Mark the job failed for good, then file it in the dead-letter stream."""
    await _end(runtime, delivery, "failed", message="Failed after its last attempt", error=error)
    letter = {
        "job_id": str(delivery.job_id),
        "project_id": str(delivery.project_id),
        "kind": delivery.kind,
        "deliveries": delivery.attempt,
        "error": error,
        "at": datetime.now(UTC).isoformat(),
    }
    await runtime.js.publish(
        runtime.names.dead_letter_subject(delivery.kind),
        json.dumps(letter).encode(),
        headers={"Nats-Msg-Id": f"dead:{delivery.sequence}"},
    )


async def _end(
    runtime: Runtime, delivery: Delivery, status: str, *, message: str, error: str | None = None
) -> None:
    async with unit_of_work(runtime.sessionmaker, delivery.created_by) as session:
        job = await repository.finish(
            session, delivery.job_id, status, message=message, error=error
        )
    if job is not None:
        await runtime.events.publish(job, final_event(job))


def _describe(job: Job, error: Exception) -> str:
    """What the job's owner reads: a handler's own words, or no internals at all."""
    if isinstance(error, RetryableError):
        return str(error)
    logger.error("job %s (%s) failed", job.id, job.kind, exc_info=error)
    return f"Unexpected error ({type(error).__name__}); the worker's log has the details."
