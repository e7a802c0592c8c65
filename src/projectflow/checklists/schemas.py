from uuid import UUID

from pydantic import BaseModel, ConfigDict, model_validator

from projectflow.boards.schemas import CardOut, ChecklistItemText, ChecklistTitle
from projectflow.kit.fields import JsonBool, Omittable


class ChecklistCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: ChecklistTitle


class ChecklistUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: ChecklistTitle


class ItemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: ChecklistItemText


class ItemUpdate(BaseModel):
    """Absent fields stay."""

    model_config = ConfigDict(extra="forbid")

    text: Omittable[ChecklistItemText] = None
    done: Omittable[JsonBool] = None


class ItemMove(BaseModel):
    """Within its checklist: before or after another item, else to the end."""

    model_config = ConfigDict(extra="forbid")

    before_item_id: UUID | None = None
    after_item_id: UUID | None = None

    @model_validator(mode="after")
    def at_most_one_anchor(self) -> "ItemMove":
        if self.before_item_id is not None and self.after_item_id is not None:
            raise ValueError("give at most one of before_item_id and after_item_id")
        return self


class ItemConvert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    override_wip: JsonBool = False


class ItemConverted(BaseModel):
    card: CardOut  # the new card, right after the checklist's card
    source: CardOut  # the checklist's card, without the item
