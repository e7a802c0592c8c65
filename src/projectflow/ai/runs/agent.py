"""The agent loop of a run: call the model with the action's tools, answer its tool calls, and
repeat until it answers without one or the step limit is reached.

Each provider call first gets its allowance from the budgets (and the creator's right to write
is checked again: who left the project stops their run), streams its text and tool calls to
the job's viewers as it comes, is cut if it would cross a budget, and ends with its usage in
the ledger. The transcript and the proposal are kept on the run.
"""

import json
import time
from contextlib import aclosing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.ai.budgets import repository as ledger
from projectflow.ai.budgets import service as budgets
from projectflow.ai.budgets.pricing import cost, request_tokens, tokens_for
from projectflow.ai.budgets.service import Limit
from projectflow.ai.providers.base import (
    ChatRequest,
    Finished,
    Message,
    Provider,
    ProviderError,
    TextDelta,
    ToolCall,
    ToolCallDone,
    Usage,
)
from projectflow.ai.runs import repository
from projectflow.ai.runs.actions import Action
from projectflow.ai.runs.briefing import chat_request
from projectflow.ai.runs.tools import Outcome, Scope, call_tool
from projectflow.authz.permissions import Permission
from projectflow.authz.service import project_access
from projectflow.boardfiles import model as limits
from projectflow.jobs.context import JobCancelled, JobContext
from projectflow.models import AiRun, AiSettings

# A cancel stops a streaming call at once (its worker hears it); the call also asks the
# database this often, for a cancel whose signal was lost. Each look is a transaction: at 1 s,
# the looks of a few hundred streaming runs were most of a worker's CPU (docs/benchmarks.md).
CANCEL_CHECK_SECONDS = 30.0
# Tool results shown to viewers are cut here (the model reads them whole).
RESULT_SHOWN = 500


@dataclass
class Tally:
    """One provider call as it streams."""

    input_tokens: int  # estimated from the request, until the provider says
    text: str = ""
    calls: list[ToolCall] = field(default_factory=list)
    output_chars: int = 0
    received: bool = False
    finished: Finished | None = None

    @property
    def estimated(self) -> bool:
        """The provider reported no usage (yet): it is counted from what was sent and came."""
        reported = self.finished.usage if self.finished is not None else Usage()
        return not (reported.input_tokens or reported.output_tokens)

    def usage(self) -> Usage:
        """The provider's count when it gave one, else ours."""
        if self.estimated:
            return Usage(self.input_tokens, tokens_for(self.output_chars))
        assert self.finished is not None
        return self.finished.usage


@dataclass
class AgentRun:
    context: JobContext
    run: AiRun
    settings: AiSettings
    provider: Provider
    action: Action
    scope: Scope
    messages: list[Message]
    transcript: list[dict[str, Any]] = field(default_factory=list)
    proposal: list[dict[str, Any]] = field(default_factory=list)
    answer: str = ""
    spent: Decimal = Decimal(0)
    step: int = 0
    warned: set[str] = field(default_factory=set)
    _checked_at: float = field(default_factory=time.monotonic)
    # The first call's allowance, reserved in the transaction that started the run.
    _reserved: list[Limit] | None = None

    @property
    def run_id(self) -> UUID:
        return self.run.id

    async def work(self, max_steps: int, max_tokens: int) -> None:
        """Call the model until it answers without a tool call, or `max_steps` calls."""
        for step in range(1, max_steps + 1):
            self.step = step
            await self.context.progress(min(0.9, step / (max_steps + 1)), f"Step {step}")
            await self.emit("step", {})
            calls = await self._call(max_tokens)
            if not calls:
                return
            for call in calls:
                await self._use_tool(call)
        self.note(f"Stopped after {max_steps} steps, the most a run may take.")

    # -- one provider call -----------------------------------------------------------------

    async def reserve_first(self, session: AsyncSession, max_tokens: int) -> None:
        """Reserve the first call's allowance in the caller's transaction (which has checked
        the creator's right to write): a run starts in one transaction."""
        tokens = request_tokens(self._request(max_tokens))
        self._reserved = await self._allow(session, tokens, max_tokens)

    def _request(self, max_tokens: int) -> ChatRequest:
        return chat_request(self.action, self.settings.model, self.messages, max_tokens)

    async def _call(self, max_tokens: int) -> list[ToolCall]:
        request = self._request(max_tokens)
        tally = Tally(input_tokens=request_tokens(request))
        limits = self._reserved
        if limits is None:
            limits = await self._reserve(tally.input_tokens, max_tokens)
        self._reserved = None
        tightest = limits[0] if limits else None
        said_at = len(self.transcript)
        try:
            cut = await self._stream(request, tally, tightest)
        except (ProviderError, JobCancelled):
            if tally.received:  # it stopped mid-answer: what came was paid for
                await self._record(tally, limits)
            raise
        await self._record(tally, limits)
        if cut:
            assert tightest is not None
            self.note(f"Cut at {budgets.BUDGET_NAMES[tightest.budget]}.")
            raise tightest.stopped()
        self.messages.append(Message("assistant", tally.text, tuple(tally.calls)))
        if tally.text:  # before the call's tool calls, as the model said it
            self.answer = tally.text
            self.transcript.insert(
                said_at, {"type": "text", "step": self.step, "data": {"text": tally.text}}
            )
        if tally.finished is not None and tally.finished.stop_reason == "max_tokens":
            self.note("The model reached the most tokens a call may produce.")
        return tally.calls

    async def _stream(self, request: ChatRequest, tally: Tally, limit: Limit | None) -> bool:
        """Take the answer into `tally`; True when it was cut at `limit`."""
        async with self.context.interruptible(), aclosing(self.provider.stream(request)) as stream:
            async for event in stream:
                tally.received = True
                await self._take(tally, event)
                if limit is not None and self._cost(tally.usage()) > limit.left_usd:
                    return True
                await self._check_cancel()
        return False

    async def _reserve(self, input_tokens: int, max_tokens: int) -> list[Limit]:
        """The call's allowance, if the creator may still write to the project."""
        async with self.context.transaction() as session:
            await project_access(
                session, self.scope.user_id, self.scope.project_id, Permission.CONTENT_WRITE
            )
            return await self._allow(session, input_tokens, max_tokens)

    async def _allow(
        self, session: AsyncSession, input_tokens: int, max_tokens: int
    ) -> list[Limit]:
        """The call's budgets, tightest first, its allowance reserved against them."""
        prices = self.settings.input_price_per_mtok, self.settings.output_price_per_mtok
        minimum = cost(input_tokens, 0, *prices)
        most = cost(input_tokens, max_tokens, *prices)
        limits = await budgets.allowance(
            session, self.scope.project_id, self.scope.card_id, self.run_id, self.spent, minimum
        )
        reserved = min(most, max(limits[0].left_usd, Decimal(0))) if limits else most
        await repository.reserve(session, self.run_id, reserved)
        return limits

    async def _take(self, tally: Tally, event: object) -> None:
        if isinstance(event, TextDelta):
            tally.text += event.text
            tally.output_chars += len(event.text)
            await self.emit("text", {"text": event.text})
        elif isinstance(event, ToolCallDone):
            call = event.call
            tally.calls.append(call)
            tally.output_chars += len(call.name) + len(json.dumps(call.arguments))
            said = {"id": call.id, "name": call.name, "arguments": call.arguments}
            self.keep("tool_call", said)
            await self.emit("tool_call", said)
        elif isinstance(event, Finished):
            tally.finished = event

    def _cost(self, usage: Usage) -> Decimal:
        prices = self.settings.input_price_per_mtok, self.settings.output_price_per_mtok
        return cost(usage.input_tokens, usage.output_tokens, *prices)

    async def _record(self, tally: Tally, limits: list[Limit]) -> None:
        """The call's usage into the ledger and onto the run; a warning when it takes one of
        the call's budgets (`limits`) to 80 %."""
        usage = tally.usage()
        estimated = tally.estimated
        spent = self._cost(usage)
        self.spent += spent
        async with self.context.transaction() as session:
            await ledger.add_usage(
                session,
                {
                    "project_id": self.scope.project_id,
                    "card_id": self.scope.card_id,
                    "run_id": self.run_id,
                    "user_id": self.scope.user_id,
                    "model": self.settings.model,
                    "input_tokens": usage.input_tokens,
                    "output_tokens": usage.output_tokens,
                    "cost_usd": spent,
                    "estimated": estimated,
                },
            )
            await repository.add_usage(
                session, self.run_id, usage.input_tokens, usage.output_tokens, spent
            )
        said = {
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cost_usd": str(spent),
            "estimated": estimated,
            "run_cost_usd": str(self.spent),
        }
        self.keep("usage", said)
        await self.emit("usage", said)
        for limit in budgets.warnings(limits, spent):
            await self._warn(limit)

    async def _warn(self, limit: Limit) -> None:
        if limit.budget in self.warned:
            return
        self.warned.add(limit.budget)
        said = {
            "budget": limit.budget,
            "spent_usd": str(limit.spent_usd),
            "limit_usd": str(limit.limit_usd),
        }
        self.keep("budget_warning", said)
        await self.emit("budget_warning", said)

    async def _check_cancel(self) -> None:
        if time.monotonic() - self._checked_at >= CANCEL_CHECK_SECONDS:
            self._checked_at = time.monotonic()
            await self.context.checkpoint()

    # -- tools -----------------------------------------------------------------------------

    async def _use_tool(self, call: ToolCall) -> None:
        if call.name in self.action.tools:
            outcome = await call_tool(self.scope, call.name, call.arguments)
        else:
            outcome = Outcome(f"The tool {call.name!r} is not available here.", ok=False)
        if outcome.proposed is not None:
            self.propose(outcome.proposed.kind, outcome.proposed.args, outcome.proposed.summary)
        self.messages.append(Message("tool", outcome.content, tool_call_id=call.id))
        said = {"id": call.id, "name": call.name, "ok": outcome.ok, "content": outcome.content}
        self.keep("tool_result", said | {"content": outcome.content[:RESULT_SHOWN]})
        await self.emit("tool_result", said | {"content": outcome.content[:RESULT_SHOWN]})

    def propose(self, kind: str, args: dict[str, Any], summary: str) -> None:
        self.proposal.append(
            {
                "index": len(self.proposal),
                "kind": kind,
                "summary": summary,
                "args": args,
                "status": "pending",
            }
        )

    def fall_back(self) -> None:
        """A run that proposed nothing but answered: its answer becomes the action's change."""
        text = self.answer.strip()
        if self.proposal or not text or self.action.fallback is None:
            return
        card_id = str(self.scope.card_id)
        if self.action.fallback == "description":
            description = text[: limits.MAX_DESCRIPTION]
            args = {"card_id": card_id, "description": description}
            self.propose("update_card", args, "Set the card's description to the draft")
        else:
            self.propose(
                "add_comment",
                {"card_id": card_id, "body": text[:10_000]},
                "Comment with the answer",
            )

    # -- telling viewers and the transcript ------------------------------------------------

    def keep(self, entry_type: str, data: dict[str, Any]) -> None:
        self.transcript.append({"type": entry_type, "step": self.step, "data": data})

    def note(self, text: str) -> None:
        self.keep("note", {"text": text})

    async def emit(self, kind: str, data: dict[str, Any]) -> None:
        await self.context.partial({"kind": kind, "step": self.step, **data})
