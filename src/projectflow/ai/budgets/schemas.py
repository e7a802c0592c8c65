from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

# A limit in USD: positive, at most a million a month; null means no limit.
Limit = Annotated[Decimal, Field(gt=0, le=1_000_000, max_digits=12, decimal_places=4)]


class ProjectBudgetIn(BaseModel):
    """Both limits; a limit left out or null is no limit."""

    model_config = ConfigDict(extra="forbid")

    monthly_limit_usd: Limit | None = Field(
        default=None, description="what the project's runs may spend per calendar month (UTC)"
    )
    per_run_limit_usd: Limit | None = Field(default=None, description="what one run may spend")


class ProjectBudgetOut(BaseModel):
    monthly_limit_usd: Decimal | None
    per_run_limit_usd: Decimal | None
    updated_at: datetime | None


class CardBudgetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit_usd: Limit | None = Field(description="what the card's runs may spend in all; null: none")


class CardBudgetOut(BaseModel):
    card_id: UUID
    limit_usd: Decimal | None
    spent_usd: Decimal


class MonthUsage(BaseModel):
    month: str = Field(description="YYYY-MM (UTC)")
    spent_usd: Decimal
    input_tokens: int
    output_tokens: int
    calls: int


class CardUsage(BaseModel):
    card_id: UUID
    board_id: UUID | None = Field(description="null: the card was deleted")
    title: str | None = Field(description="null: the card was deleted")
    spent_usd: Decimal
    limit_usd: Decimal | None
    calls: int


class UsageOut(BaseModel):
    """The project's AI spending: this month against its budget, the last twelve months, and
    this month's cards by spending."""

    month: MonthUsage
    monthly_limit_usd: Decimal | None
    per_run_limit_usd: Decimal | None
    months: list[MonthUsage]
    cards: list[CardUsage]
