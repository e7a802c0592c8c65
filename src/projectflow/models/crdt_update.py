from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class CrdtUpdate(Base):
    """One Yjs update (v1 encoding), appended in commit order per document."""

    __tablename__ = "crdt_updates"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    doc_id: Mapped[UUID] = mapped_column(ForeignKey("crdt_docs.doc_id"))
    project_id: Mapped[UUID]
    client_id: Mapped[str]
    seq: Mapped[int] = mapped_column(BigInteger)
    update: Mapped[bytes]
    created_at: Mapped[datetime]
