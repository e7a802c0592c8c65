from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status

from projectflow.auth.dependencies import CurrentUser
from projectflow.authz.dependencies import require
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess
from projectflow.db.session import SessionDep
from projectflow.invitations import service
from projectflow.invitations.schemas import InvitationCreate, InvitationOut
from projectflow.projects.schemas import ProjectOut

router = APIRouter(prefix="/api", tags=["invitations"])

ManageAccess = Annotated[ProjectAccess, require(Permission.MEMBERS_MANAGE)]


@router.post(
    "/projects/{project_id}/invitations",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "The email is already a member, or already invited"}},
)
async def invite(
    data: InvitationCreate, access: ManageAccess, user: CurrentUser, session: SessionDep
) -> InvitationOut:
    """Invite an email as `role`; they join when they accept (an account may come later)."""
    return await service.invite(session, access, user, data)


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
