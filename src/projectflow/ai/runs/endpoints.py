from typing import Annotated, Any

from fastapi import APIRouter, status

from projectflow.ai.runs import service
from projectflow.ai.runs.schemas import ApplyRequest, RunOut, RunQueued, RunRequest
from projectflow.authz.dependencies import require_ai_run, require_card
from projectflow.authz.permissions import Permission
from projectflow.authz.service import AiRunAccess, BoardAccess
from projectflow.db.session import SessionDep
from projectflow.state import DocCacheDep, SettingsDep

router = APIRouter(tags=["ai"])

CardReader = Annotated[BoardAccess, require_card(Permission.PROJECT_READ)]
CardWriter = Annotated[BoardAccess, require_card(Permission.CONTENT_WRITE)]
RunReader = Annotated[AiRunAccess, require_ai_run(Permission.PROJECT_READ)]
RunWriter = Annotated[AiRunAccess, require_ai_run(Permission.CONTENT_WRITE)]

START_ERRORS: dict[int | str, dict[str, Any]] = {
    402: {"description": "The run's estimated cost is more than a budget has left"},
    409: {"description": "No AI provider is configured for this project"},
}
DECIDE_ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"description": "The run has no proposal waiting for a decision"}
}


@router.post(
    "/api/cards/{card_id}/ai", status_code=status.HTTP_202_ACCEPTED, responses=START_ERRORS
)
async def start_run(
    data: RunRequest, access: CardWriter, session: SessionDep, settings: SettingsDep
) -> RunQueued:
    """Start an AI action on the card, run as a job: follow it at `/api/jobs/{job_id}/events`
    (text, tool calls and results as `partial` events), stop it with the job's cancel."""
    return await service.start_run(session, access, data, settings.ai_max_tokens)


@router.get("/api/cards/{card_id}/ai/runs")
async def list_runs(access: CardReader, session: SessionDep) -> list[RunOut]:
    """The card's latest AI runs, newest first, with their transcripts and proposals."""
    return await service.list_runs(session, access)


@router.get("/api/ai/runs/{run_id}")
async def get_run(access: RunReader, session: SessionDep) -> RunOut:
    return await service.get_run(session, access)


@router.post("/api/ai/runs/{run_id}/apply", responses=DECIDE_ERRORS)
async def apply_run(
    access: RunWriter, session: SessionDep, cache: DocCacheDep, data: ApplyRequest | None = None
) -> RunOut:
    """Apply the proposal's chosen items (all when `items` is absent); the rest are discarded."""
    return await service.apply_run(session, cache, access, data or ApplyRequest())


@router.post("/api/ai/runs/{run_id}/discard", responses=DECIDE_ERRORS)
async def discard_run(access: RunWriter, session: SessionDep) -> RunOut:
    return await service.discard_run(session, access)
