from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class Column(Base):
    """Projection of a column of a board's document."""

    __tablename__ = "columns"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    board_id: Mapped[UUID] = mapped_column(ForeignKey("boards.id"))
    project_id: Mapped[UUID]
    name: Mapped[str]
    position: Mapped[str]
    wip_limit: Mapped[int | None]
    done: Mapped[bool]
