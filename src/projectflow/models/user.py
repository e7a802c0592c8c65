from datetime import datetime
from uuid import UUID

from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class User(Base):
    __tablename__ = "users"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    email: Mapped[str]
    name: Mapped[str]
    # Written at sign-up, never read by the app: only the guard's auth_credentials() may.
    password_hash: Mapped[str] = mapped_column(deferred=True, deferred_raiseload=True)
    created_at: Mapped[datetime]
