from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from projectflow.auth.schemas import Email
from projectflow.authz.permissions import Role
from projectflow.kit.fields import Text

# Ours are 47 characters; anything much longer is no link of ours.
LinkToken = Text[Annotated[str, Field(min_length=1, max_length=100)]]

_TOKEN_DESCRIPTION = (
    "The invitation link's secret, shown this once (only its hash is kept): "
    "the link to share is `<origin>/invite/<token>`."
)


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


class InvitationCreated(InvitationOut):
    """A new invitation, with its link's token (never shown again)."""

    token: str = Field(description=_TOKEN_DESCRIPTION)


class InvitationLink(BaseModel):
    token: str = Field(description=_TOKEN_DESCRIPTION)


class InvitationPreview(BaseModel):
    """What an invitation link offers, shown to whoever holds it before they accept."""

    project_name: str
    invited_by_name: str
    role: Role
    email: str = Field(description="whom it was addressed to (anyone with the link may accept)")
