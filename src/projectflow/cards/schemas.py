from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.functional_validators import AfterValidator

from projectflow.boards.schemas import AssigneeIds, Description, Labels, Title


def _utc(value: datetime | None) -> datetime | None:
    """A bare date parses as the start of that day; a naive time is taken as UTC."""
    if value is None or value.tzinfo:
        return value
    return value.replace(tzinfo=UTC)


DueDate = Annotated[datetime | None, AfterValidator(_utc)]


class CardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column_id: UUID
    title: Title
    description: Description = ""
    labels: Labels = Field(default_factory=list)
    assignee_ids: AssigneeIds = Field(default_factory=list)
    due: DueDate = None
    override_wip: bool = False


class CardUpdate(BaseModel):
    """Absent fields stay; `"due": null` clears the due date."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    description: Description | None = None
    labels: Labels | None = None
    assignee_ids: AssigneeIds | None = None
    due: DueDate = None
    archived: bool | None = None
    override_wip: bool = False


class CardMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column_id: UUID
    before_card_id: UUID | None = None
    after_card_id: UUID | None = None
    override_wip: bool = False

    @model_validator(mode="after")
    def at_most_one_anchor(self) -> "CardMove":
        if self.before_card_id is not None and self.after_card_id is not None:
            raise ValueError("give at most one of before_card_id and after_card_id")
        return self
