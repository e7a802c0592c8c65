"""`ai.run`: an agent run as a job, by a worker, as the run's creator.

The run's changes are a proposal until the end; with `auto_apply` they are applied in the
transaction that marks the job succeeded, so a run delivered twice applies them once. A worker
lost mid-run gives the run a second attempt, which starts over (what the first spent stays in
the ledger).
"""

import logging
from uuid import UUID

from projectflow.ai.budgets.service import BudgetExceeded
from projectflow.ai.providers.base import Message, ProviderError
from projectflow.ai.providers.factory import provider_for
from projectflow.ai.providers.transport import Transport
from projectflow.ai.runs import repository
from projectflow.ai.runs.actions import ACTIONS
from projectflow.ai.runs.agent import AgentRun
from projectflow.ai.runs.briefing import CardBrief, first_message, load_brief
from projectflow.ai.runs.proposals import apply_items
from projectflow.ai.runs.service import RUN_KIND, RunFailed, finished_message
from projectflow.ai.runs.tools import Scope
from projectflow.ai.settings import repository as ai_settings
from projectflow.ai.settings.service import NOT_CONFIGURED, key_context
from projectflow.authz.permissions import Permission
from projectflow.authz.service import project_access
from projectflow.jobs.context import AlreadyFinished, JobCancelled, JobContext
from projectflow.jobs.kinds import JobKind
from projectflow.kit.errors import AppError, Conflict
from projectflow.kit.sealing import UnsealError
from projectflow.models import AiRun, AiSettings

logger = logging.getLogger(__name__)


async def run_ai(context: JobContext) -> None:
    agent = await _begin(context, UUID(context.params["run_id"]))
    if agent is None:
        return  # the run ended meanwhile
    settings = context.services.settings
    try:
        await agent.work(settings.ai_max_steps, settings.ai_max_tokens)
        agent.fall_back()
        await _complete(agent)
    except AlreadyFinished:
        raise
    except JobCancelled:
        await _end(agent, "cancelled", None)
        raise
    except BudgetExceeded as error:
        await _end(agent, "budget_exceeded", error.message)
        raise
    except AppError as error:
        await _end(agent, "failed", error.message)
        raise
    except ProviderError as error:
        await _end(agent, "failed", error.message)
        raise RunFailed(error.message) from error
    except Exception as error:
        logger.exception("AI run %s failed", agent.run_id)
        message = f"Unexpected error ({type(error).__name__}); the worker's log has the details."
        await _end(agent, "failed", message)
        raise RunFailed(message) from error


async def _begin(context: JobContext, run_id: UUID) -> AgentRun | None:
    """In one transaction: mark the run running, load its card, the project's provider and
    key, and reserve its first call's allowance (a run the budgets stop here ends
    `budget_exceeded`)."""
    settings = context.services.settings
    stopped: BudgetExceeded | None = None
    async with context.transaction() as session:
        await project_access(session, context.user_id, context.project_id, Permission.CONTENT_WRITE)
        run = await repository.start(session, run_id)
        if run is None:
            return None  # it ended meanwhile
        ai = await ai_settings.get(session, context.project_id)
        if ai is None:
            raise Conflict(NOT_CONFIGURED)
        agent = _agent(context, run, ai, await load_brief(session, run.card_id))
        try:
            await agent.reserve_first(session, settings.ai_max_tokens)
        except BudgetExceeded as error:
            await repository.end(session, run.id, _final(agent, "budget_exceeded", error.message))
            stopped = error
    if stopped is not None:
        raise stopped
    return agent


def _agent(context: JobContext, run: AiRun, settings: AiSettings, brief: CardBrief) -> AgentRun:
    """The run's agent, with its provider's client (and the project's key unsealed)."""
    services = context.services
    key = ""
    if settings.api_key_sealed is not None:
        try:
            key = services.secret_box.open(settings.api_key_sealed, key_context(context.project_id))
        except UnsealError as error:
            raise RunFailed(
                "The project's API key cannot be unsealed with this server's secret key (was "
                "the secret key changed?): an owner or admin sets the key again."
            ) from error
    transport = Transport(
        services.http,
        connect_seconds=services.settings.ai_connect_seconds,
        idle_seconds=services.settings.ai_idle_seconds,
    )
    action = ACTIONS[run.action]
    return AgentRun(
        context=context,
        run=run,
        settings=settings,
        provider=provider_for(settings.provider, transport, settings.base_url, key),
        action=action,
        scope=Scope(
            run_id=run.id,
            project_id=run.project_id,
            card_id=run.card_id,
            board_id=brief.board_id,
            user_id=run.created_by,
            transaction=context.transaction,
        ),
        messages=[Message("user", first_message(action, brief, run.instructions))],
    )


async def _complete(agent: AgentRun) -> None:
    """End the run with its proposal — applied at once with `auto_apply` — together with the
    job's success."""
    context = agent.context
    status = "proposed" if agent.proposal else "succeeded"
    decided_by = None
    async with context.finish() as done:
        if agent.proposal and agent.run.auto_apply:
            access = await project_access(
                done.session, context.user_id, context.project_id, Permission.CONTENT_WRITE
            )
            results = await apply_items(
                done.session,
                context.services.doc_cache,
                access,
                agent.run_id,
                agent.scope.card_id,
                agent.proposal,
            )
            for item, result in zip(agent.proposal, results, strict=True):
                item |= {"status": "applied", "result": result}
            status, decided_by = "applied", context.user_id
        await repository.end(
            done.session, agent.run_id, _final(agent, status), decided_by=decided_by
        )
        done.result = {
            "run_id": str(agent.run_id),
            "status": status,
            "items": len(agent.proposal),
            "cost_usd": str(agent.spent),
        }
        done.message = finished_message(status, len(agent.proposal))


async def _end(agent: AgentRun, status: str, error: str | None) -> None:
    """Record how a run ended that did not complete (what it spent is already counted)."""
    async with agent.context.transaction() as session:
        await repository.end(session, agent.run_id, _final(agent, status, error))


def _final(agent: AgentRun, status: str, error: str | None = None) -> dict[str, object]:
    return {
        "status": status,
        "answer": agent.answer,
        "transcript": agent.transcript,
        "proposal": agent.proposal,
        "error": error,
    }


KINDS = (JobKind(RUN_KIND, run_ai, max_attempts=2),)
