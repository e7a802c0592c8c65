"""Budgets, and the sums of the usage ledger they are checked against."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Row, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import AiBudget, AiCardBudget, AiUsage

# The first instant of the current calendar month, UTC.
MONTH_START = "date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"

# Everything a provider call's allowance depends on, in one round trip. Runs in flight count
# with what their current call may still spend (`reserved_usd`).
_STANDING = text(f"""
SELECT
    b.monthly_limit_usd, b.per_run_limit_usd, cb.limit_usd AS card_limit_usd,
    (SELECT coalesce(sum(cost_usd), 0) FROM ai_usage
     WHERE project_id = :project_id AND at >= {MONTH_START}) AS month_spent_usd,
    (SELECT coalesce(sum(cost_usd), 0) FROM ai_usage
     WHERE project_id = :project_id AND card_id = :card_id) AS card_spent_usd,
    (SELECT coalesce(sum(reserved_usd), 0) FROM ai_runs
     WHERE project_id = :project_id AND status = 'running' AND id <> :run_id) AS month_reserved_usd,
    (SELECT coalesce(sum(reserved_usd), 0) FROM ai_runs
     WHERE project_id = :project_id AND card_id = :card_id AND status = 'running'
       AND id <> :run_id) AS card_reserved_usd
FROM (SELECT 1) AS one
LEFT JOIN ai_budgets b ON b.project_id = :project_id
LEFT JOIN ai_card_budgets cb ON cb.project_id = :project_id AND cb.card_id = :card_id
""")
# Calls that reserve or record spending take turns per project, so that two runs cannot both
# take the last of a budget.
_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended('ai-budget:' || :project_id, 0))")


@dataclass(frozen=True)
class Standing:
    """A project's and a card's limits and spending, as a provider call is about to start."""

    monthly_limit_usd: Decimal | None
    per_run_limit_usd: Decimal | None
    card_limit_usd: Decimal | None
    month_spent_usd: Decimal
    card_spent_usd: Decimal
    month_reserved_usd: Decimal
    card_reserved_usd: Decimal


async def lock_budgets(session: AsyncSession, project_id: UUID) -> None:
    await session.execute(_LOCK, {"project_id": str(project_id)})


async def standing(
    session: AsyncSession, project_id: UUID, card_id: UUID, run_id: UUID | None
) -> Standing:
    row = (
        await session.execute(
            _STANDING, {"project_id": project_id, "card_id": card_id, "run_id": run_id}
        )
    ).one()
    return Standing(**row._asdict())


async def project_budget(session: AsyncSession, project_id: UUID) -> AiBudget | None:
    return await session.scalar(
        select(AiBudget)
        .where(AiBudget.project_id == project_id)
        .execution_options(populate_existing=True)
    )


async def put_project_budget(
    session: AsyncSession, project_id: UUID, values: dict[str, Any]
) -> AiBudget:
    statement = upsert(AiBudget).values(project_id=project_id, **values)
    statement = statement.on_conflict_do_update(
        index_elements=[AiBudget.project_id], set_=values | {"updated_at": func.now()}
    )
    row: AiBudget | None = await session.scalar(
        statement.returning(AiBudget), execution_options={"populate_existing": True}
    )
    assert row is not None
    return row


async def card_limit(session: AsyncSession, project_id: UUID, card_id: UUID) -> Decimal | None:
    return await session.scalar(
        select(AiCardBudget.limit_usd).where(
            AiCardBudget.project_id == project_id, AiCardBudget.card_id == card_id
        )
    )


async def put_card_budget(
    session: AsyncSession, project_id: UUID, card_id: UUID, limit_usd: Decimal, user_id: UUID
) -> None:
    values = {"limit_usd": limit_usd, "updated_by": user_id}
    statement = upsert(AiCardBudget).values(project_id=project_id, card_id=card_id, **values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[AiCardBudget.project_id, AiCardBudget.card_id],
            set_=values | {"updated_at": func.now()},
        )
    )


async def remove_card_budget(session: AsyncSession, project_id: UUID, card_id: UUID) -> None:
    await session.execute(
        delete(AiCardBudget).where(
            AiCardBudget.project_id == project_id, AiCardBudget.card_id == card_id
        )
    )


async def card_spent(session: AsyncSession, project_id: UUID, card_id: UUID) -> Decimal:
    spent = await session.scalar(
        select(func.coalesce(func.sum(AiUsage.cost_usd), 0)).where(
            AiUsage.project_id == project_id, AiUsage.card_id == card_id
        )
    )
    return Decimal(spent or 0)


async def add_usage(session: AsyncSession, values: dict[str, Any]) -> None:
    """Append one call's usage to the ledger."""
    await session.execute(insert(AiUsage).values(**values))


async def months(session: AsyncSession, project_id: UUID, count: int) -> list[Row[Any]]:
    """Spending per calendar month (UTC), newest first, the current month and `count - 1`
    before it (months with no spending left out)."""
    rows = await session.execute(
        text(f"""
        SELECT to_char(date_trunc('month', at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
               sum(cost_usd) AS spent_usd, sum(input_tokens) AS input_tokens,
               sum(output_tokens) AS output_tokens, count(*) AS calls
        FROM ai_usage
        WHERE project_id = :project_id AND at >= {MONTH_START} - make_interval(months => :back)
        GROUP BY 1 ORDER BY 1 DESC
        """),
        {"project_id": project_id, "back": count - 1},
    )
    return list(rows.all())


async def cards_this_month(session: AsyncSession, project_id: UUID, limit: int) -> list[Row[Any]]:
    """This month's spending per card, most first, with the card's board, title and budget."""
    rows = await session.execute(
        text(f"""
        SELECT u.card_id, c.board_id, c.title, sum(u.cost_usd) AS spent_usd,
               count(*) AS calls, cb.limit_usd
        FROM ai_usage u
        LEFT JOIN cards c ON c.id = u.card_id AND c.project_id = u.project_id
        LEFT JOIN ai_card_budgets cb ON cb.project_id = u.project_id AND cb.card_id = u.card_id
        WHERE u.project_id = :project_id AND u.at >= {MONTH_START}
        GROUP BY u.card_id, c.board_id, c.title, cb.limit_usd
        ORDER BY spent_usd DESC, u.card_id
        LIMIT :limit
        """),
        {"project_id": project_id, "limit": limit},
    )
    return list(rows.all())
