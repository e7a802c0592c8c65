from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
FINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})


class JobQueued(BaseModel):
    """What a long operation answers at once (202): the job that will do it."""

    job_id: UUID
    status: JobStatus


def queued(job_id: Any, status: str) -> JobQueued:
    """What to answer for a job just queued (or found again by its idempotency key)."""
    return JobQueued.model_validate({"job_id": job_id, "status": status})


class JobOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    project_id: UUID
    kind: str
    status: JobStatus
    progress: float
    message: str
    result: dict[str, Any] | None
    error: str | None
    attempts: int
    cancel_requested: bool
    created_by: UUID
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobPage(BaseModel):
    items: list[JobOut]
    # Pass as `before` for the next page; null on the last one.
    next_before: UUID | None
