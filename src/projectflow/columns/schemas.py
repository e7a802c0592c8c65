from uuid import UUID

from pydantic import BaseModel, ConfigDict, model_validator

from projectflow.boards.schemas import ColumnName, WipLimit
from projectflow.kit.fields import JsonBool, Omittable


class ColumnCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ColumnName
    wip_limit: WipLimit | None = None
    done: JsonBool = False


class ColumnUpdate(BaseModel):
    """Absent fields stay; `"wip_limit": null` removes the limit (a name cannot be null);
    `done` marks a column of finished work (its cards are never overdue)."""

    model_config = ConfigDict(extra="forbid")

    name: Omittable[ColumnName] = None
    wip_limit: WipLimit | None = None
    done: Omittable[JsonBool] = None


class ColumnMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    before_column_id: UUID | None = None
    after_column_id: UUID | None = None

    @model_validator(mode="after")
    def exactly_one_anchor(self) -> "ColumnMove":
        if (self.before_column_id is None) == (self.after_column_id is None):
            raise ValueError("give exactly one of before_column_id and after_column_id")
        return self
