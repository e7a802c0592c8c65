from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from projectflow.auth.schemas import Email
from projectflow.authz.permissions import Role


class InvitationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    role: Role


class InvitationOut(BaseModel):
    """What both sides see: no more about the invitee than the email the inviter typed."""

    id: UUID
    project_id: UUID
    project_name: str
    email: str
    role: Role
    invited_by_name: str
    created_at: datetime
