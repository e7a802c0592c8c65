"""Budgets and the allowance of each provider call.

Before a run, its first call's estimate is checked against what is left (402, no provider
call). Before each call, the call gets an allowance — the least that any budget has left,
counting what the project's other calls in flight may still spend — and reserves what it may
spend; a stream that would cross the allowance is cut. Calls of a project take turns at
reserving and recording (an advisory lock), so two runs cannot both take the last of a budget.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.ai.budgets import repository
from projectflow.ai.budgets.pricing import usd
from projectflow.ai.budgets.repository import Standing
from projectflow.ai.budgets.schemas import (
    CardBudgetIn,
    CardBudgetOut,
    CardUsage,
    MonthUsage,
    ProjectBudgetIn,
    ProjectBudgetOut,
    UsageOut,
)
from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import BoardAccess, ProjectAccess
from projectflow.kit.errors import AppError

WARN_AT = Decimal("0.8")
MONTHS_SHOWN = 12
CARDS_SHOWN = 50
BUDGET_NAMES = {
    "monthly": "the project's monthly AI budget",
    "card": "this card's AI budget",
    "per_run": "the project's per-run AI limit",
}


class BudgetExceeded(AppError):
    status_code = 402
    code = "budget_exceeded"


@dataclass(frozen=True)
class Limit:
    """One budget as it applies to a call: its limit, what it has spent, what is left."""

    budget: str  # monthly, card, per_run
    limit_usd: Decimal
    spent_usd: Decimal
    left_usd: Decimal

    def refuse(self, estimate_usd: Decimal) -> BudgetExceeded:
        name = BUDGET_NAMES[self.budget]
        return BudgetExceeded(
            f"This run would cost about {usd(estimate_usd)}, more than {name} has left "
            f"({usd(max(self.left_usd, Decimal(0)))} of {usd(self.limit_usd)}; "
            f"{usd(self.spent_usd)} spent). An owner or admin can raise it in the project's AI "
            "settings.",
            details={
                "budget": self.budget,
                "limit_usd": str(self.limit_usd),
                "spent_usd": str(self.spent_usd),
                "estimate_usd": str(estimate_usd),
            },
        )

    def stopped(self) -> BudgetExceeded:
        return BudgetExceeded(
            f"Stopped at {BUDGET_NAMES[self.budget]} ({usd(self.limit_usd)}).",
            details={"budget": self.budget, "limit_usd": str(self.limit_usd)},
        )


def limits(standing: Standing, run_spent_usd: Decimal) -> list[Limit]:
    """Every budget that applies, tightest first."""
    found = []
    if standing.monthly_limit_usd is not None:
        spent = standing.month_spent_usd + standing.month_reserved_usd
        found.append(
            Limit("monthly", standing.monthly_limit_usd, spent, standing.monthly_limit_usd - spent)
        )
    if standing.card_limit_usd is not None:
        spent = standing.card_spent_usd + standing.card_reserved_usd
        found.append(Limit("card", standing.card_limit_usd, spent, standing.card_limit_usd - spent))
    if standing.per_run_limit_usd is not None:
        found.append(
            Limit(
                "per_run",
                standing.per_run_limit_usd,
                run_spent_usd,
                standing.per_run_limit_usd - run_spent_usd,
            )
        )
    return sorted(found, key=lambda limit: limit.left_usd)


async def check_estimate(
    session: AsyncSession, project_id: UUID, card_id: UUID, estimate_usd: Decimal
) -> None:
    """402 naming the budget when a new run's first call would cost more than is left."""
    standing = await repository.standing(session, project_id, card_id, None)
    for limit in limits(standing, Decimal(0)):
        if estimate_usd > limit.left_usd:
            raise limit.refuse(estimate_usd)


async def allowance(
    session: AsyncSession,
    project_id: UUID,
    card_id: UUID,
    run_id: UUID,
    run_spent_usd: Decimal,
    minimum_usd: Decimal,
) -> list[Limit]:
    """The budgets of a run's next call, tightest first (none: no budget applies), locked until
    the caller's transaction ends; BudgetExceeded when even `minimum_usd` (what sending the
    request costs) is more than the tightest has left."""
    await repository.lock_budgets(session, project_id)
    standing = await repository.standing(session, project_id, card_id, run_id)
    found = limits(standing, run_spent_usd)
    if found and found[0].left_usd < minimum_usd:
        raise found[0].stopped()
    return found


def warnings(before: list[Limit], spent_usd: Decimal) -> list[Limit]:
    """The budgets (as `allowance` gave them) that `spent_usd` more took to 80 % of their
    limit or beyond, with that spending counted."""
    after = (replace(limit, spent_usd=limit.spent_usd + spent_usd) for limit in before)
    return [limit for limit in after if limit.spent_usd >= limit.limit_usd * WARN_AT]


async def get_project_budget(session: AsyncSession, access: ProjectAccess) -> ProjectBudgetOut:
    row = await repository.project_budget(session, access.project_id)
    if row is None:
        return ProjectBudgetOut(monthly_limit_usd=None, per_run_limit_usd=None, updated_at=None)
    return ProjectBudgetOut.model_validate(row, from_attributes=True)


async def put_project_budget(
    session: AsyncSession, access: ProjectAccess, data: ProjectBudgetIn
) -> ProjectBudgetOut:
    """Set both limits, audited as `ai.budget_updated` with the limits before and after."""
    before = await get_project_budget(session, access)
    values = data.model_dump() | {"updated_by": access.user_id}
    row = await repository.put_project_budget(session, access.project_id, values)
    changes = {
        "before": before.model_dump(mode="json", exclude={"updated_at"}),
        "after": data.model_dump(mode="json"),
    }
    await audit.record(
        session,
        AuditEntry(
            access.user_id,
            "ai.budget_updated",
            "project",
            access.project_id,
            access.project_id,
            changes,
        ),
    )
    return ProjectBudgetOut.model_validate(row, from_attributes=True)


async def get_card_budget(session: AsyncSession, access: BoardAccess) -> CardBudgetOut:
    card_id = access.subject_id
    return CardBudgetOut(
        card_id=card_id,
        limit_usd=await repository.card_limit(session, access.project_id, card_id),
        spent_usd=await repository.card_spent(session, access.project_id, card_id),
    )


async def put_card_budget(
    session: AsyncSession, access: BoardAccess, data: CardBudgetIn
) -> CardBudgetOut:
    """Set or (null) remove a card's limit, audited as `ai.card_budget_updated`."""
    card_id = access.subject_id
    before = await repository.card_limit(session, access.project_id, card_id)
    if data.limit_usd is None:
        await repository.remove_card_budget(session, access.project_id, card_id)
    else:
        await repository.put_card_budget(
            session, access.project_id, card_id, data.limit_usd, access.user_id
        )
    changes = {
        "before": None if before is None else str(before),
        "after": data.model_dump(mode="json")["limit_usd"],
    }
    await audit.record(
        session,
        AuditEntry(
            access.user_id,
            "ai.card_budget_updated",
            "card",
            card_id,
            access.project_id,
            changes,
        ),
    )
    return await get_card_budget(session, access)


async def usage(session: AsyncSession, access: ProjectAccess) -> UsageOut:
    budget = await get_project_budget(session, access)
    months = [
        MonthUsage.model_validate(row, from_attributes=True)
        for row in await repository.months(session, access.project_id, MONTHS_SHOWN)
    ]
    current = datetime.now(UTC).strftime("%Y-%m")
    this_month = next(
        (month for month in months if month.month == current),
        MonthUsage(month=current, spent_usd=Decimal(0), input_tokens=0, output_tokens=0, calls=0),
    )
    cards = [
        CardUsage.model_validate(row, from_attributes=True)
        for row in await repository.cards_this_month(session, access.project_id, CARDS_SHOWN)
    ]
    return UsageOut(
        month=this_month,
        monthly_limit_usd=budget.monthly_limit_usd,
        per_run_limit_usd=budget.per_run_limit_usd,
        months=months,
        cards=cards,
    )
