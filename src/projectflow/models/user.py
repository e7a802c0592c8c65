from datetime import datetime
from uuid import UUID

from sqlalchemy.orm import Mapped, mapped_column

from projectflow.models.base import Base


class User(Base):
    __tablename__ = "users"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    email: Mapped[str]
    name: Mapped[str]
    password_hash: Mapped[str]
    created_at: Mapped[datetime]
