from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from projectflow.boardfiles import model as limits
from projectflow.kit.fields import JsonInt, NonBlank, Text

# The same limits as board files (an exported board always imports again).
BoardName = Text[Annotated[NonBlank, Field(max_length=limits.MAX_BOARD_NAME)]]
ColumnName = Text[Annotated[NonBlank, Field(max_length=limits.MAX_COLUMN_NAME)]]
Title = Text[Annotated[NonBlank, Field(max_length=limits.MAX_TITLE)]]
Description = Text[Annotated[str, Field(max_length=limits.MAX_DESCRIPTION)]]
Label = Text[Annotated[NonBlank, Field(max_length=limits.MAX_LABEL)]]
Labels = Annotated[list[Label], Field(max_length=limits.MAX_LABELS_PER_CARD)]
AssigneeIds = Annotated[list[UUID], Field(max_length=50)]
WipLimit = Annotated[JsonInt, Field(ge=1, le=limits.MAX_CARDS)]


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
