from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class Board(Base):
    """A board's identity; its content lives in its CRDT document (`crdt_docs`)."""

    __tablename__ = "boards"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    project_id: Mapped[UUID] = mapped_column(ForeignKey("projects.id"))
    name: Mapped[str]
    # Where an imported board came from ("trello:<id>"), to notice a second import of it.
    source: Mapped[str | None]
    created_by: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
