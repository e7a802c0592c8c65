from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, status

from projectflow.auth.dependencies import CurrentUser
from projectflow.authz.dependencies import require
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess
from projectflow.db.session import SessionDep
from projectflow.invitations import service
from projectflow.invitations.schemas import (
    InvitationCreate,
    InvitationCreated,
    InvitationLink,
    InvitationOut,
    InvitationPreview,
    LinkToken,
)
from projectflow.projects.schemas import ProjectOut

router = APIRouter(prefix="/api", tags=["invitations"])

ManageAccess = Annotated[ProjectAccess, require(Permission.MEMBERS_MANAGE)]
Token = Annotated[LinkToken, Path(description="The token of an invitation link")]
UNKNOWN_LINK: dict[int | str, dict[str, Any]] = {
    404: {"description": "No invitation has this link (any more)"}
}


@router.post(
    "/projects/{project_id}/invitations",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "The email is already a member, or already invited"}},
)
async def invite(
    data: InvitationCreate, access: ManageAccess, user: CurrentUser, session: SessionDep
) -> InvitationCreated:
    """Invite an email as `role`; they join when they accept (an account may come later), or
    whoever they pass the link on to does. The link's token is in this answer only."""
    return await service.invite(session, access, user, data)


@router.post("/projects/{project_id}/invitations/{invitation_id}/link")
async def renew_invitation_link(
    invitation_id: UUID, access: ManageAccess, session: SessionDep
) -> InvitationLink:
    """A new link for a pending invitation; the old link stops working."""
    return await service.renew_link(session, access, invitation_id)


@router.get("/projects/{project_id}/invitations")
async def list_project_invitations(
    access: ManageAccess, session: SessionDep
) -> list[InvitationOut]:
    """The project's pending invitations, oldest first."""
    return await service.list_for_project(session, access)


@router.delete(
    "/projects/{project_id}/invitations/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT
)
async def revoke_invitation(invitation_id: UUID, access: ManageAccess, session: SessionDep) -> None:
    await service.revoke(session, access, invitation_id)


@router.get("/invitations")
async def my_invitations(user: CurrentUser, session: SessionDep) -> list[InvitationOut]:
    """Invitations addressed to your email, oldest first."""
    return await service.list_mine(session, user)


@router.post("/invitations/{invitation_id}/accept")
async def accept_invitation(
    invitation_id: UUID, user: CurrentUser, session: SessionDep
) -> ProjectOut:
    """Join the project; returns it with your role."""
    return await service.accept(session, user, invitation_id)


@router.post("/invitations/{invitation_id}/decline", status_code=status.HTTP_204_NO_CONTENT)
async def decline_invitation(invitation_id: UUID, user: CurrentUser, session: SessionDep) -> None:
    await service.decline(session, user, invitation_id)


@router.get("/invitation-links/{token}", responses=UNKNOWN_LINK)
async def preview_invitation_link(token: Token, session: SessionDep) -> InvitationPreview:
    """What an invitation link offers; no sign-in needed."""
    return await service.preview_link(session, token)


@router.post("/invitation-links/{token}/accept", responses=UNKNOWN_LINK)
async def accept_invitation_link(
    token: Token, user: CurrentUser, session: SessionDep
) -> ProjectOut:
    """Join the project with the link's role, signed in with any email; returns the project
    with your role (someone already in it keeps theirs)."""
    return await service.accept_link(session, user, token)
