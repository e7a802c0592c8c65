"""All of the jobs slice's queries (RLS: members see their projects' jobs; the creator and
admins change them; workers act as the creator)."""

from typing import Any
from uuid import UUID

from sqlalchemy import case, func, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import Job

_OUTBOX = text(
    "INSERT INTO job_outbox (job_id, project_id, msg_id) VALUES (:job_id, :project_id, :msg_id)"
)
_FILE_PART = text(
    "INSERT INTO job_files (job_id, project_id, name, part, data) "
    "VALUES (:job_id, :project_id, :name, :part, :data)"
)
_READ_PART = text(
    "SELECT data FROM job_files WHERE job_id = :job_id AND name = :name AND part = :part"
)
_FILE_SIZE = text(
    "SELECT count(*) AS parts, coalesce(sum(length(data)), 0) AS size FROM job_files "
    "WHERE job_id = :job_id AND name = :name"
)
_DELETE_FILE = text("DELETE FROM job_files WHERE job_id = :job_id AND name = :name")
ACTIVE = ("queued", "running")


async def insert_job(session: AsyncSession, values: dict[str, Any]) -> Job | None:
    """None when the project already has a job with this idempotency key."""
    job: Job | None = await session.scalar(
        insert(Job)
        .values(values)
        .on_conflict_do_nothing(index_elements=["project_id", "idempotency_key"])
        .returning(Job)
    )
    return job


async def insert_outbox(session: AsyncSession, job: Job) -> None:
    msg_id = f"{job.project_id}:{job.idempotency_key}:{job.round}"
    await session.execute(
        _OUTBOX, {"job_id": job.id, "project_id": job.project_id, "msg_id": msg_id}
    )


async def get(session: AsyncSession, job_id: UUID) -> Job | None:
    job: Job | None = await session.get(Job, job_id, populate_existing=True)
    return job


async def by_key(session: AsyncSession, project_id: UUID, key: str) -> Job | None:
    job: Job | None = await session.scalar(
        select(Job).where(Job.project_id == project_id, Job.idempotency_key == key)
    )
    return job


async def list_jobs(
    session: AsyncSession,
    project_id: UUID,
    *,
    status: str | None,
    kind: str | None,
    before: UUID | None,
    limit: int,
) -> list[Job]:
    """Newest first; `before` continues after that job (keyset pagination)."""
    query = select(Job).where(Job.project_id == project_id)
    if status is not None:
        query = query.where(Job.status == status)
    if kind is not None:
        query = query.where(Job.kind == kind)
    if before is not None:
        anchor = select(Job.created_at, Job.id).where(Job.id == before).scalar_subquery()
        query = query.where(tuple_(Job.created_at, Job.id) < anchor)
    query = query.order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    return list(await session.scalars(query))


async def request_cancel(session: AsyncSession, job_id: UUID) -> Job | None:
    """A queued job is cancelled at once; a running one is asked to stop at its next
    checkpoint. None when the job is no longer active."""
    job: Job | None = await session.scalar(
        update(Job)
        .where(Job.id == job_id, Job.status.in_(ACTIVE))
        .values(
            cancel_requested=True,
            status=case((Job.status == "queued", "cancelled"), else_=Job.status),
            finished_at=case((Job.status == "queued", func.now()), else_=None),
            updated_at=func.now(),
        )
        .returning(Job)
    )
    return job


async def requeue_failed(session: AsyncSession, job_id: UUID) -> Job | None:
    """A failed job back in the queue for a new round; None unless it had failed."""
    job: Job | None = await session.scalar(
        update(Job)
        .where(Job.id == job_id, Job.status == "failed")
        .values(
            status="queued",
            round=Job.round + 1,
            progress=0,
            message="",
            error=None,
            result=None,
            cancel_requested=False,
            finished_at=None,
            updated_at=func.now(),
        )
        .returning(Job)
    )
    return job


# -- the worker's side (acting as the job's creator) ----------------------------------------


async def start_attempt(session: AsyncSession, job_id: UUID) -> Job | None:
    """Mark the job running for one more attempt; None when it is no longer active (finished,
    cancelled) or no longer visible to its creator."""
    job: Job | None = await session.scalar(
        update(Job)
        .where(Job.id == job_id, Job.status.in_(ACTIVE), Job.cancel_requested.is_(False))
        .values(
            status="running",
            attempts=Job.attempts + 1,
            started_at=func.coalesce(Job.started_at, func.now()),
            updated_at=func.now(),
        )
        .returning(Job)
    )
    return job


async def save_progress(
    session: AsyncSession, job_id: UUID, progress: float, message: str
) -> bool | None:
    """Record progress; returns whether a cancel was requested (None: no longer running)."""
    cancel: bool | None = await session.scalar(
        update(Job)
        .where(Job.id == job_id, Job.status == "running")
        .values(progress=progress, message=message, updated_at=func.now())
        .returning(Job.cancel_requested)
    )
    return cancel


async def lock_for_finish(session: AsyncSession, job_id: UUID) -> tuple[str, bool] | None:
    """The job's status and cancel flag, its row locked until the transaction ends: a second
    delivery of the same job waits here, then sees it finished."""
    row = (
        await session.execute(
            select(Job.status, Job.cancel_requested).where(Job.id == job_id).with_for_update()
        )
    ).first()
    return (row.status, row.cancel_requested) if row else None


async def finish(
    session: AsyncSession,
    job_id: UUID,
    status: str,
    *,
    message: str,
    result: dict[str, Any] | None = None,
    error: str | None = None,
    if_cancel_requested: bool = False,
) -> Job | None:
    """Move an active job to a final status (only one whose cancel was requested, if said);
    None if there was no such job."""
    values: dict[str, Any] = {
        "status": status,
        "message": message,
        "result": result,
        "error": error,
        "finished_at": func.now(),
        "updated_at": func.now(),
    }
    if status == "succeeded":
        values["progress"] = 1.0
    query = update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE))
    if if_cancel_requested:
        query = query.where(Job.cancel_requested.is_(True))
    job: Job | None = await session.scalar(query.values(values).returning(Job))
    return job


async def back_to_queue(session: AsyncSession, job_id: UUID, *, message: str, error: str) -> None:
    """An attempt failed and another will follow."""
    await session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "running")
        .values(status="queued", message=message, error=error, updated_at=func.now())
    )


# -- files ----------------------------------------------------------------------------------


async def insert_file_part(
    session: AsyncSession, job: Job, name: str, part: int, data: bytes
) -> None:
    await session.execute(
        _FILE_PART,
        {"job_id": job.id, "project_id": job.project_id, "name": name, "part": part, "data": data},
    )


async def file_size(session: AsyncSession, job_id: UUID, name: str) -> tuple[int, int]:
    """(parts, bytes) of the job's file `name`."""
    row = (await session.execute(_FILE_SIZE, {"job_id": job_id, "name": name})).one()
    return int(row.parts), int(row.size)


async def read_file_part(session: AsyncSession, job_id: UUID, name: str, part: int) -> bytes:
    """One part of the file: callers read a file part by part, never whole."""
    data: bytes = await session.scalar(_READ_PART, {"job_id": job_id, "name": name, "part": part})
    return data


async def delete_file(session: AsyncSession, job_id: UUID, name: str) -> None:
    await session.execute(_DELETE_FILE, {"job_id": job_id, "name": name})
