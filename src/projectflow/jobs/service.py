"""Jobs for the API: create (with the outbox row, in the caller's transaction), read, cancel,
retry. Workers take it from there (worker.py)."""

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import JobAccess, ProjectAccess
from projectflow.jobs import repository
from projectflow.jobs.events import final_event
from projectflow.kit.errors import Conflict, InvalidField
from projectflow.models import Job
from projectflow.realtime.publisher import names_of, publish_after_commit


async def enqueue(
    session: AsyncSession,
    access: ProjectAccess,
    kind: str,
    params: dict[str, Any],
    *,
    idempotency_key: str | None = None,
) -> Job:
    """A new queued job, audited as `job.queued`, or — when the project already has a job under
    `idempotency_key` — that one. It reaches the queue after the commit."""
    job_id = uuid4()
    values = {
        "id": job_id,
        "project_id": access.project_id,
        "kind": kind,
        "params": params,
        "idempotency_key": idempotency_key or str(job_id),
        "created_by": access.user_id,
    }
    job = await repository.insert_job(session, values)
    if job is None:
        assert idempotency_key is not None
        existing = await repository.by_key(session, access.project_id, idempotency_key)
        assert existing is not None
        if existing.kind != kind:
            raise InvalidField("Idempotency-Key", "already used for a job of another kind")
        return existing
    await repository.insert_outbox(session, job)
    await _audit(session, access.user_id, "job.queued", job)
    return job


async def existing(
    session: AsyncSession, project_id: UUID, idempotency_key: str | None
) -> Job | None:
    """The project's job under `idempotency_key`, if there is one."""
    if idempotency_key is None:
        return None
    return await repository.by_key(session, project_id, idempotency_key)


async def get_job(session: AsyncSession, access: JobAccess) -> Job:
    job = await repository.get(session, access.job_id)
    assert job is not None  # the access check just saw it
    return job


async def list_jobs(
    session: AsyncSession,
    access: ProjectAccess,
    *,
    status: str | None,
    kind: str | None,
    before: UUID | None,
    limit: int,
) -> tuple[list[Job], UUID | None]:
    """A page of the project's jobs, newest first, and the cursor of the next page."""
    jobs = await repository.list_jobs(
        session, access.project_id, status=status, kind=kind, before=before, limit=limit + 1
    )
    more = len(jobs) > limit
    jobs = jobs[:limit]
    return jobs, (jobs[-1].id if more else None)


async def cancel_job(session: AsyncSession, access: JobAccess) -> Job:
    """Cancel a queued job now, or tell a running one's worker to stop it."""
    access.require_manage()
    job = await repository.request_cancel(session, access.job_id)
    if job is None:
        raise Conflict("The job has already ended; there is nothing to cancel.")
    await _audit(session, access.user_id, "job.cancelled", job)
    if job.status == "cancelled":
        _announce(session, job)
    elif (names := names_of(session)) is not None:  # running: its worker stops it at once
        publish_after_commit(session, names.job_control(job.id), {"signal": "cancel"}, stored=False)
    return job


async def retry_job(session: AsyncSession, access: JobAccess) -> Job:
    """Queue a failed job again, for a new round of attempts."""
    access.require_manage()
    job = await repository.requeue_failed(session, access.job_id)
    if job is None:
        raise Conflict("Only a failed job can be retried.")
    await repository.insert_outbox(session, job)
    await _audit(session, access.user_id, "job.retried", job)
    return job


async def _audit(session: AsyncSession, actor_id: UUID, action: str, job: Job) -> None:
    await audit.record(
        session,
        AuditEntry(
            actor_id=actor_id,
            action=action,
            subject_type="job",
            subject_id=job.id,
            project_id=job.project_id,
            data={"kind": job.kind},
        ),
    )


def _announce(session: AsyncSession, job: Job) -> None:
    """The job's final event, for its live viewers (a queued job has no worker to send it)."""
    if (names := names_of(session)) is not None:
        publish_after_commit(session, names.job_events(job.id), final_event(job))
