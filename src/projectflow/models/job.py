from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class Job(Base):
    """A unit of long-running work, run by a worker as its creator (see jobs/)."""

    __tablename__ = "jobs"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    project_id: Mapped[UUID] = mapped_column(ForeignKey("projects.id"))
    kind: Mapped[str]
    status: Mapped[str]
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    attempts: Mapped[int]
    round: Mapped[int]
    progress: Mapped[float]
    message: Mapped[str]
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None]
    cancel_requested: Mapped[bool]
    idempotency_key: Mapped[str]
    created_by: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
