from datetime import datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class AiBudget(Base):
    """A project's AI spending limits: per calendar month (UTC) and per run."""

    __tablename__ = "ai_budgets"

    project_id: Mapped[UUID] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    monthly_limit_usd: Mapped[Decimal | None]
    per_run_limit_usd: Mapped[Decimal | None]
    updated_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]
