from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class Label(Base):
    """A project's label: a name cards carry, and its colour."""

    __tablename__ = "labels"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    project_id: Mapped[UUID] = mapped_column(ForeignKey("projects.id"))
    name: Mapped[str]
    color: Mapped[str]
    created_at: Mapped[datetime]
