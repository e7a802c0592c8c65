"""Jobs over HTTP: read, list, cancel, retry, download a job's file, and follow its events."""

from collections.abc import AsyncIterator
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Query, Request, status
from fastapi.responses import StreamingResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent

from projectflow.auth.dependencies import CurrentUser
from projectflow.authz.dependencies import require, require_job
from projectflow.authz.permissions import Permission
from projectflow.authz.service import JobAccess, ProjectAccess
from projectflow.db.session import SessionDep, SessionmakerDep
from projectflow.jobs import files, service, stream
from projectflow.jobs.schemas import JobOut, JobPage, JobStatus
from projectflow.state import JetStreamDep, NamesDep, SettingsDep

router = APIRouter(prefix="/api", tags=["jobs"])

ReadJob = Annotated[JobAccess, require_job(Permission.PROJECT_READ)]
ReadProject = Annotated[ProjectAccess, require(Permission.PROJECT_READ)]
NOT_ACTIVE = {"description": "The job is not in a state that allows this"}


@router.get("/jobs/{job_id}")
async def get_job(access: ReadJob, session: SessionDep) -> JobOut:
    return JobOut.model_validate(await service.get_job(session, access))


@router.get("/projects/{project_id}/jobs")
async def list_jobs(
    access: ReadProject,
    session: SessionDep,
    job_status: Annotated[JobStatus | None, Query(alias="status")] = None,
    kind: Annotated[str | None, Query(max_length=64)] = None,
    before: Annotated[UUID | None, Query(description="next_before of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JobPage:
    """The project's jobs, newest first."""
    jobs, next_before = await service.list_jobs(
        session, access, status=job_status, kind=kind, before=before, limit=limit
    )
    return JobPage(items=[JobOut.model_validate(job) for job in jobs], next_before=next_before)


@router.post("/jobs/{job_id}/cancel", responses={409: NOT_ACTIVE})
async def cancel_job(access: ReadJob, session: SessionDep) -> JobOut:
    """Cancel a queued job, or stop a running one at its next checkpoint (its status changes
    when it stops). For the job's creator and the project's admins."""
    return JobOut.model_validate(await service.cancel_job(session, access))


@router.post(
    "/jobs/{job_id}/retry", status_code=status.HTTP_202_ACCEPTED, responses={409: NOT_ACTIVE}
)
async def retry_job(access: ReadJob, session: SessionDep) -> JobOut:
    """Queue a failed job again. For the job's creator and the project's admins."""
    return JobOut.model_validate(await service.retry_job(session, access))


@router.get(
    "/jobs/{job_id}/file",
    response_class=StreamingResponse,
    responses={
        200: {"description": "The file the job made (an export), as an attachment"},
        404: {"description": "The job made no file"},
    },
)
async def download_file(
    access: ReadJob, sessionmaker: SessionmakerDep, user: CurrentUser
) -> StreamingResponse:
    download = await files.open_output(sessionmaker, user.id, access.job_id)
    return StreamingResponse(
        download.chunks,
        media_type=download.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{download.filename}"',
            "Content-Length": str(download.size),
        },
    )


@router.get("/jobs/{job_id}/events", response_class=EventSourceResponse)
async def job_events(
    access: ReadJob,
    request: Request,
    sessionmaker: SessionmakerDep,
    js: JetStreamDep,
    names: NamesDep,
    settings: SettingsDep,
    last_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> AsyncIterator[ServerSentEvent]:
    """The job's events as Server-Sent Events (`event:` progress, log, partial, succeeded,
    failed, cancelled; `data:` JSON; `id:` to resume from with `Last-Event-ID`). Ends after the
    final event (or after PROJECTFLOW_SSE_MAX_SECONDS: then reconnect with Last-Event-ID)."""
    async for event in stream.job_events(
        js,
        names,
        sessionmaker,
        access,
        last_id,
        settings.sse_heartbeat_seconds,
        settings.sse_max_seconds,
    ):
        yield event
