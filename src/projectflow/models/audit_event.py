from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class AuditEvent(Base):
    """One row of the append-only audit outbox (the database refuses UPDATE and DELETE)."""

    __tablename__ = "audit_outbox"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime]
    actor_id: Mapped[UUID]
    project_id: Mapped[UUID | None]
    action: Mapped[str]
    subject_type: Mapped[str]
    subject_id: Mapped[UUID | None]
    request_id: Mapped[str | None]
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
