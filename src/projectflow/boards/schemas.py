from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

BoardName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ColumnName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Description = Annotated[str, Field(max_length=50_000)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Labels = Annotated[list[Label], Field(max_length=20)]
AssigneeIds = Annotated[list[UUID], Field(max_length=50)]
WipLimit = Annotated[int, Field(ge=1, le=10_000)]


class BoardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: BoardName


class CardOut(BaseModel):
    id: UUID
    column_id: UUID | None
    title: str
    description: str
    labels: list[str]
    assignee_ids: list[UUID]
    due: datetime | None
    archived: bool


class ColumnOut(BaseModel):
    id: UUID
    name: str
    wip_limit: int | None


class ColumnWithCards(ColumnOut):
    cards: list[CardOut]


class BoardSummary(BaseModel):
    id: UUID
    name: str
    project_id: UUID


class BoardOut(BoardSummary):
    columns: list[ColumnWithCards]


class DocApplied(BaseModel):
    stored: bool = Field(description="false when this update was stored before (a retry)")
    changed_cards: int


class Imported(BaseModel):
    board_id: UUID
