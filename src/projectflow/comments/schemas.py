from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from projectflow.kit.fields import NonBlank, Text

Body = Text[Annotated[NonBlank, Field(max_length=10_000)]]


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: Body


class CommentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: Body


class CommentOut(BaseModel):
    id: UUID
    card_id: UUID
    author_id: UUID | None
    author_name: str | None
    body: str
    created_at: datetime
    edited_at: datetime | None = Field(description="when its author last changed it, or null")
