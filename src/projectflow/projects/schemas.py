from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from projectflow.authz.permissions import Role
from projectflow.kit.fields import NonBlank, Omittable, Text

ProjectName = Text[Annotated[NonBlank, Field(max_length=200)]]
Description = Text[Annotated[str, Field(max_length=10_000)]]


class ProjectCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ProjectName
    description: Description = ""


class ProjectUpdate(BaseModel):
    """Absent fields stay; neither may be null."""

    model_config = ConfigDict(extra="forbid")

    name: Omittable[ProjectName] = None
    description: Omittable[Description] = None


class ProjectOut(BaseModel):
    id: UUID
    name: str
    description: str
    role: Role
