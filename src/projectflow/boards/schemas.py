from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from projectflow.boardfiles import model as limits
from projectflow.boards.templates import TemplateName
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
ChecklistTitle = Text[Annotated[NonBlank, Field(max_length=limits.MAX_CHECKLIST_TITLE)]]
ChecklistItemText = Text[Annotated[NonBlank, Field(max_length=limits.MAX_CHECKLIST_ITEM)]]


class BoardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: BoardName
    template: TemplateName = Field(
        default="blank",
        description="What the board starts with: `blank` (To do, In progress, Done), `kanban`, "
        "`sprint`, `bug_triage`, or `sample` (a board that shows the features).",
    )


class ChecklistItemOut(BaseModel):
    id: UUID
    text: str
    done: bool


class ChecklistOut(BaseModel):
    id: UUID
    title: str
    items: list[ChecklistItemOut]


class CardOut(BaseModel):
    id: UUID
    board_id: UUID
    column_id: UUID | None
    parent_id: UUID | None = Field(
        description="the card this one is a subtask of (on any board of the project); it may "
        "have been deleted since, or be one the caller cannot see"
    )
    title: str
    description: str
    labels: list[str]
    assignee_ids: list[UUID]
    due: datetime | None
    due_done: bool = Field(description="the due date is marked complete (never overdue)")
    archived: bool
    checklists: list[ChecklistOut]
    comment_count: int


class ColumnOut(BaseModel):
    id: UUID
    name: str
    wip_limit: int | None
    done: bool = Field(description="a column of finished work: its cards are never overdue")


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
