from pydantic import BaseModel, ConfigDict, Field

from projectflow.boards.schemas import Label
from projectflow.kit.fields import Omittable
from projectflow.labels.palette import Color


class LabelOut(BaseModel):
    name: str
    color: Color
    cards: int = Field(description="how many cards of the project carry it (archived too)")


class LabelCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Label
    color: Color | None = Field(default=None, description="absent: a colour of its own")


class LabelUpdate(BaseModel):
    """A new name renames the label on every card of the project."""

    model_config = ConfigDict(extra="forbid")

    name: Omittable[Label] = None
    color: Omittable[Color] = None
