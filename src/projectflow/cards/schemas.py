from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from projectflow.boards.schemas import AssigneeIds, Description, Labels, Title
from projectflow.kit.fields import JsonBool, JsonDateTime, Omittable

# An ISO 8601 string, stored in UTC (a naive time is taken as UTC, a bare date is midnight).
DueDate = JsonDateTime | None


class CardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column_id: UUID
    title: Title
    description: Description = ""
    labels: Labels = Field(default_factory=list)
    assignee_ids: AssigneeIds = Field(default_factory=list)
    due: DueDate = None
    due_done: JsonBool = False
    parent_id: UUID | None = Field(
        default=None, description="make the card a subtask of this card of the project"
    )
    override_wip: JsonBool = False


class CardUpdate(BaseModel):
    """Absent fields stay; `"due": null` clears the due date and `"parent_id": null` the
    parent, the only nulls allowed."""

    model_config = ConfigDict(extra="forbid")

    title: Omittable[Title] = None
    description: Omittable[Description] = None
    labels: Omittable[Labels] = None
    assignee_ids: Omittable[AssigneeIds] = None
    due: DueDate = None
    due_done: Omittable[JsonBool] = None
    archived: Omittable[JsonBool] = None
    parent_id: UUID | None = Field(
        default=None,
        description="make the card a subtask of this card of the project (not of one of its "
        "own subtasks); null: no longer a subtask",
    )
    override_wip: JsonBool = False


class CardMove(BaseModel):
    """To a column of this board or of another board of the same project (the card takes its
    comments and history along)."""

    model_config = ConfigDict(extra="forbid")

    column_id: UUID
    before_card_id: UUID | None = None
    after_card_id: UUID | None = None
    override_wip: JsonBool = False

    @model_validator(mode="after")
    def at_most_one_anchor(self) -> "CardMove":
        if self.before_card_id is not None and self.after_card_id is not None:
            raise ValueError("give at most one of before_card_id and after_card_id")
        return self
