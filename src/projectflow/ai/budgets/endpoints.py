from typing import Annotated

from fastapi import APIRouter

from projectflow.ai.budgets import service
from projectflow.ai.budgets.schemas import (
    CardBudgetIn,
    CardBudgetOut,
    ProjectBudgetIn,
    ProjectBudgetOut,
    UsageOut,
)
from projectflow.authz.dependencies import require, require_card
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess, ProjectAccess
from projectflow.db.session import SessionDep

router = APIRouter(tags=["ai"])

Reader = Annotated[ProjectAccess, require(Permission.PROJECT_READ)]
Admin = Annotated[ProjectAccess, require(Permission.PROJECT_UPDATE)]
CardReader = Annotated[BoardAccess, require_card(Permission.PROJECT_READ)]
CardAdmin = Annotated[BoardAccess, require_card(Permission.PROJECT_UPDATE)]


@router.get("/api/projects/{project_id}/ai/budget")
async def get_project_budget(access: Reader, session: SessionDep) -> ProjectBudgetOut:
    """The project's AI spending limits (null: none)."""
    return await service.get_project_budget(session, access)


@router.put("/api/projects/{project_id}/ai/budget")
async def put_project_budget(
    data: ProjectBudgetIn, access: Admin, session: SessionDep
) -> ProjectBudgetOut:
    """Set the monthly and per-run limits. Owners and admins; audited."""
    return await service.put_project_budget(session, access, data)


@router.get("/api/cards/{card_id}/ai/budget")
async def get_card_budget(access: CardReader, session: SessionDep) -> CardBudgetOut:
    """The card's AI limit and what its runs have spent."""
    return await service.get_card_budget(session, access)


@router.put("/api/cards/{card_id}/ai/budget")
async def put_card_budget(
    data: CardBudgetIn, access: CardAdmin, session: SessionDep
) -> CardBudgetOut:
    """Set (or with null remove) the card's AI limit. Owners and admins; audited."""
    return await service.put_card_budget(session, access, data)


@router.get("/api/projects/{project_id}/ai/usage")
async def get_usage(access: Reader, session: SessionDep) -> UsageOut:
    """What the project's AI runs spent: this month, per month, per card."""
    return await service.usage(session, access)
