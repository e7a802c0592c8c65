from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TEXT, TSVECTOR
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class Card(Base):
    """Projection of a card of a board's document."""

    __tablename__ = "cards"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    board_id: Mapped[UUID] = mapped_column(ForeignKey("boards.id"))
    project_id: Mapped[UUID]
    column_id: Mapped[UUID | None]
    # The parent card's id, not a foreign key: the parent may be gone from the document.
    parent_id: Mapped[UUID | None]
    title: Mapped[str]
    description: Mapped[str]
    labels: Mapped[list[str]] = mapped_column(ARRAY(TEXT))
    assignee_ids: Mapped[list[UUID]] = mapped_column(ARRAY(PG_UUID(as_uuid=True)))
    due: Mapped[datetime | None]
    due_done: Mapped[bool]
    checklists: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    archived: Mapped[bool]
    position: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    search: Mapped[str] = mapped_column(TSVECTOR, deferred=True)
