"""The events of a job, as published to `jobs.<job_id>.events` and streamed as SSE.

Each is a JSON object with `type` (progress, log, partial, succeeded, failed, cancelled), the
job's id and status, and the fields of its type. The stream's sequence number is its SSE id.
"""

from datetime import UTC, datetime
from typing import Any, Literal

from projectflow.models import Job

EventType = Literal["progress", "log", "partial", "succeeded", "failed", "cancelled"]


def job_event(job: Job, event_type: EventType, **fields: Any) -> dict[str, Any]:
    return {
        "type": event_type,
        "job_id": str(job.id),
        "status": job.status,
        "progress": job.progress,
        "message": job.message,
        # A retried job starts a new round; its viewers follow the current one.
        "round": job.round,
        "at": datetime.now(UTC).isoformat(),
        **fields,
    }


def final_event(job: Job) -> dict[str, Any]:
    """The event that ends a job's stream, from its final row."""
    status: EventType = job.status  # type: ignore[assignment]
    return job_event(job, status, result=job.result, error=job.error)
