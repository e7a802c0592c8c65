from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class AiRun(Base):
    """One agent run on a card (see ai/runs/): its job, its transcript, its proposal."""

    __tablename__ = "ai_runs"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    project_id: Mapped[UUID] = mapped_column(ForeignKey("projects.id"))
    card_id: Mapped[UUID]
    job_id: Mapped[UUID]
    action: Mapped[str]
    instructions: Mapped[str]
    auto_apply: Mapped[bool]
    provider: Mapped[str]
    model: Mapped[str]
    status: Mapped[str]
    steps: Mapped[int]
    input_tokens: Mapped[int]
    output_tokens: Mapped[int]
    cost_usd: Mapped[Decimal]
    reserved_usd: Mapped[Decimal]
    answer: Mapped[str]
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    proposal: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    error: Mapped[str | None]
    created_by: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    decided_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
