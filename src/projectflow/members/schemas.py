from uuid import UUID

from pydantic import BaseModel, ConfigDict

from projectflow.authz.permissions import Role


class MemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role


class MemberOut(BaseModel):
    user_id: UUID
    email: str
    name: str
    role: Role
