from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    card_id: Mapped[UUID] = mapped_column(ForeignKey("cards.id"))
    project_id: Mapped[UUID]
    author_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    # Who wrote an imported comment (e.g. a Trello member), when no account stands behind it.
    author_name: Mapped[str | None]
    body: Mapped[str]
    created_at: Mapped[datetime]
    # When its author last changed the body (None: never).
    edited_at: Mapped[datetime | None]
