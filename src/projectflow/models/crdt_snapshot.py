from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class CrdtSnapshot(Base):
    """The merged state of a document's updates up to `covers_update_id`."""

    __tablename__ = "crdt_snapshots"

    doc_id: Mapped[UUID] = mapped_column(ForeignKey("crdt_docs.doc_id"), primary_key=True)
    project_id: Mapped[UUID]
    state: Mapped[bytes]
    covers_update_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
