"""The `ai_runs` rows."""

from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import AiRun, Job

FINAL_JOB_STATUSES = ("succeeded", "failed", "cancelled")


async def insert_run(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(AiRun).values(**values))


async def get_run(session: AsyncSession, run_id: UUID, *, lock: bool = False) -> AiRun | None:
    query = select(AiRun).where(AiRun.id == run_id).execution_options(populate_existing=True)
    return await session.scalar(query.with_for_update() if lock else query)


async def runs_of_card(session: AsyncSession, card_id: UUID, limit: int) -> list[AiRun]:
    rows = await session.scalars(
        select(AiRun)
        .where(AiRun.card_id == card_id)
        .order_by(AiRun.created_at.desc(), AiRun.id)
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def job_statuses(
    session: AsyncSession, job_ids: list[UUID]
) -> dict[UUID, tuple[str, str | None]]:
    """The status and error of each job, for runs whose job ended without them (a worker lost
    on the last attempt)."""
    rows = await session.execute(select(Job.id, Job.status, Job.error).where(Job.id.in_(job_ids)))
    return {job_id: (status, error) for job_id, status, error in rows.all()}


async def start(session: AsyncSession, run_id: UUID) -> AiRun | None:
    """Mark the run running, from a clean slate (a second attempt starts over); None when it
    has ended meanwhile."""
    return await session.scalar(
        update(AiRun)
        .where(AiRun.id == run_id, AiRun.status.in_(("queued", "running")))
        .values(
            status="running",
            started_at=func.now(),
            steps=0,
            answer="",
            transcript=[],
            proposal=[],
            error=None,
            reserved_usd=0,
        )
        .returning(AiRun)
        .execution_options(populate_existing=True)
    )


async def reserve(session: AsyncSession, run_id: UUID, amount: Decimal) -> None:
    await session.execute(update(AiRun).where(AiRun.id == run_id).values(reserved_usd=amount))


async def add_usage(
    session: AsyncSession, run_id: UUID, input_tokens: int, output_tokens: int, cost_usd: Decimal
) -> None:
    """Count a call's usage on the run and release what it had reserved."""
    await session.execute(
        update(AiRun)
        .where(AiRun.id == run_id)
        .values(
            input_tokens=AiRun.input_tokens + input_tokens,
            output_tokens=AiRun.output_tokens + output_tokens,
            cost_usd=AiRun.cost_usd + cost_usd,
            steps=AiRun.steps + 1,
            reserved_usd=0,
        )
    )


async def end(
    session: AsyncSession, run_id: UUID, values: dict[str, Any], *, decided_by: UUID | None = None
) -> None:
    """Record the run's end; `decided_by`: who applied its proposal with it."""
    if decided_by is not None:
        values = values | {"decided_by": decided_by, "decided_at": func.now()}
    await session.execute(
        update(AiRun)
        .where(AiRun.id == run_id)
        .values(finished_at=func.now(), reserved_usd=0, **values)
    )


async def decide(session: AsyncSession, run_id: UUID, values: dict[str, Any]) -> AiRun:
    run = await session.scalar(
        update(AiRun)
        .where(AiRun.id == run_id)
        .values(decided_at=func.now(), **values)
        .returning(AiRun)
        .execution_options(populate_existing=True)
    )
    assert run is not None
    return run
