from datetime import datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class AiSettings(Base):
    """A project's AI provider; the API key is sealed (kit/sealing.py)."""

    __tablename__ = "ai_settings"

    project_id: Mapped[UUID] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    provider: Mapped[str]
    base_url: Mapped[str]
    model: Mapped[str]
    api_key_sealed: Mapped[bytes | None]
    api_key_hint: Mapped[str | None]
    input_price_per_mtok: Mapped[Decimal]
    output_price_per_mtok: Mapped[Decimal]
    updated_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]
