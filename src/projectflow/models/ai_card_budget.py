from datetime import datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class AiCardBudget(Base):
    """The most a card's AI runs may spend, all told."""

    __tablename__ = "ai_card_budgets"

    project_id: Mapped[UUID] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    card_id: Mapped[UUID] = mapped_column(primary_key=True)
    limit_usd: Mapped[Decimal]
    updated_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]
