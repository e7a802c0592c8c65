"""Start an AI run on a card (checked against the budgets before any provider call), read
runs, and apply or discard their proposals."""

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.ai.budgets import service as budgets
from projectflow.ai.budgets.pricing import cost, request_tokens
from projectflow.ai.providers.base import Message
from projectflow.ai.runs import repository
from projectflow.ai.runs.actions import ACTIONS
from projectflow.ai.runs.briefing import chat_request, first_message, load_brief
from projectflow.ai.runs.proposals import apply_items
from projectflow.ai.runs.schemas import ApplyRequest, RunOut, RunQueued, RunRequest
from projectflow.ai.settings import repository as ai_settings
from projectflow.ai.settings.service import NOT_CONFIGURED
from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import AiRunAccess, BoardAccess
from projectflow.collab.cache import DocumentCache
from projectflow.jobs import service as jobs
from projectflow.kit.errors import AppError, Conflict, InvalidField
from projectflow.models import AiRun

RUN_KIND = "ai.run"
RUNS_SHOWN = 20


class NoProvider(Conflict):
    code = "ai_not_configured"


class RunFailed(AppError):
    """A run that cannot go on (the provider refused, stalled or broke the protocol): the job
    fails with this message, without another attempt."""

    status_code = 502
    code = "ai_run_failed"


async def start_run(
    session: AsyncSession, access: BoardAccess, data: RunRequest, max_tokens: int
) -> RunQueued:
    """Queue a run of `data.action` on the card, audited as `ai.run_started`: 409 without a
    provider, 402 when its first call's estimate is more than a budget has left."""
    if data.action == "custom" and not data.instructions.strip():
        raise InvalidField("instructions", "say what the agent should do")
    settings = await ai_settings.get(session, access.project_id)
    if settings is None:
        raise NoProvider(NOT_CONFIGURED)
    action = ACTIONS[data.action]
    brief = await load_brief(session, access.subject_id)
    message = Message("user", first_message(action, brief, data.instructions))
    request = chat_request(action, settings.model, [message], max_tokens)
    estimate = cost(
        request_tokens(request),
        max_tokens,
        settings.input_price_per_mtok,
        settings.output_price_per_mtok,
    )
    await budgets.check_estimate(session, access.project_id, brief.card_id, estimate)
    run_id = uuid4()
    job = await jobs.enqueue(session, access.access, RUN_KIND, {"run_id": str(run_id)})
    await repository.insert_run(
        session,
        {
            "id": run_id,
            "project_id": access.project_id,
            "card_id": brief.card_id,
            "job_id": job.id,
            "action": data.action,
            "instructions": data.instructions,
            "auto_apply": data.auto_apply,
            "provider": settings.provider,
            "model": settings.model,
            "created_by": access.user_id,
        },
    )
    said = {"run_id": str(run_id), "action": data.action, "auto_apply": data.auto_apply}
    await audit.record(
        session, _on_card(access.user_id, access.project_id, brief.card_id, "ai.run_started", said)
    )
    return RunQueued(job_id=job.id, run_id=run_id)


async def list_runs(session: AsyncSession, access: BoardAccess) -> list[RunOut]:
    runs = await repository.runs_of_card(session, access.subject_id, RUNS_SHOWN)
    return await _outs(session, runs)


async def get_run(session: AsyncSession, access: AiRunAccess) -> RunOut:
    run = await repository.get_run(session, access.run_id)
    assert run is not None  # the access check just saw it
    [out] = await _outs(session, [run])
    return out


async def apply_run(
    session: AsyncSession, cache: DocumentCache, access: AiRunAccess, data: ApplyRequest
) -> RunOut:
    """Apply the chosen pending items (all when none are named) through the board's write
    path, in the caller's name; the others are discarded. Audited as `ai.run_applied`."""
    run = await _proposed(session, access)
    pending = {item["index"]: item for item in run.proposal if item["status"] == "pending"}
    chosen = list(pending) if data.items is None else list(dict.fromkeys(data.items))
    if unknown := [index for index in chosen if index not in pending]:
        raise InvalidField("items", f"no pending item {unknown[0]} in this run's proposal")
    results = await apply_items(
        session, cache, access.access, run.id, run.card_id, [pending[i] for i in chosen]
    )
    applied = dict(zip(chosen, results, strict=True))
    status = "applied" if chosen else "discarded"
    return await _decide(session, access, run, status, applied, "ai.run_applied", items=chosen)


async def discard_run(session: AsyncSession, access: AiRunAccess) -> RunOut:
    """Drop the run's proposal, audited as `ai.run_discarded`."""
    run = await _proposed(session, access)
    return await _decide(session, access, run, "discarded", {}, "ai.run_discarded")


async def _decide(
    session: AsyncSession,
    access: AiRunAccess,
    run: AiRun,
    status: str,
    applied: dict[int, dict[str, Any]],
    action: str,
    **said: Any,
) -> RunOut:
    """Record the decision on the run's proposal (`applied`: the results of the items applied;
    the other pending ones are discarded), audited as `action` with `said`."""
    proposal = [_decided(item, applied) for item in run.proposal]
    decided = await repository.decide(
        session, run.id, {"status": status, "proposal": proposal, "decided_by": access.user_id}
    )
    entry = _on_card(
        access.user_id, access.project_id, run.card_id, action, {"run_id": str(run.id)} | said
    )
    await audit.record(session, entry)
    return RunOut.model_validate(decided, from_attributes=True)  # decided: final, as its job


def finished_message(status: str, items: int) -> str:
    if status == "applied":
        return f"Applied {items} change{'s' * (items != 1)}"
    if status == "proposed":
        return f"Proposed {items} change{'s' * (items != 1)}: review them on the card"
    return "Answered"


async def _proposed(session: AsyncSession, access: AiRunAccess) -> AiRun:
    """The run, locked, when it has a proposal waiting; else 409."""
    run = await repository.get_run(session, access.run_id, lock=True)
    assert run is not None
    if run.status != "proposed":
        raise Conflict(f"This run has no proposal waiting for a decision: it is {run.status}.")
    return run


def _decided(item: dict[str, Any], applied: dict[int, dict[str, Any]]) -> dict[str, Any]:
    if item["status"] != "pending":
        return item
    if item["index"] in applied:
        return item | {"status": "applied", "result": applied[item["index"]]}
    return item | {"status": "discarded"}


async def _outs(session: AsyncSession, runs: list[AiRun]) -> list[RunOut]:
    """Runs as the API shows them; a run whose job ended without it (its worker lost on the
    last attempt) shows the job's end."""
    unfinished = [run.job_id for run in runs if run.status in ("queued", "running")]
    ended = await repository.job_statuses(session, unfinished) if unfinished else {}
    outs = []
    for run in runs:
        out = RunOut.model_validate(run, from_attributes=True)
        job_status, job_error = ended.get(run.job_id, (None, None))
        if job_status in repository.FINAL_JOB_STATUSES and job_status != "succeeded":
            out = out.model_copy(update={"status": job_status, "error": out.error or job_error})
        outs.append(out)
    return outs


def _on_card(
    user_id: UUID, project_id: UUID, card_id: UUID, action: str, data: dict[str, Any]
) -> AuditEntry:
    return AuditEntry(user_id, action, "card", card_id, project_id, data)
