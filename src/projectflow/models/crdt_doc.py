from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class CrdtDoc(Base):
    __tablename__ = "crdt_docs"

    doc_id: Mapped[UUID] = mapped_column(ForeignKey("boards.id"), primary_key=True)
    project_id: Mapped[UUID]
    created_at: Mapped[datetime]
