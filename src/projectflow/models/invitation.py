from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class Invitation(Base):
    """A pending invitation to a project, addressed to an email (with or without an account)."""

    __tablename__ = "invitations"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    project_id: Mapped[UUID] = mapped_column(ForeignKey("projects.id"))
    email: Mapped[str]
    role: Mapped[str]
    invited_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    invited_by_name: Mapped[str]
    created_at: Mapped[datetime]
    # SHA-256 of the invitation link's token (None: no link yet); the token is never stored.
    token_hash: Mapped[bytes | None]
