from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status

from projectflow.authz.dependencies import require
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess
from projectflow.db.session import SessionDep
from projectflow.members import service
from projectflow.members.schemas import MemberOut, MemberUpdate

router = APIRouter(prefix="/api/projects/{project_id}/members", tags=["members"])

ReadAccess = Annotated[ProjectAccess, require(Permission.PROJECT_READ)]
ManageAccess = Annotated[ProjectAccess, require(Permission.MEMBERS_MANAGE)]
LAST_OWNER = {"description": "The project would be left without an owner"}


@router.get("")
async def list_members(access: ReadAccess, session: SessionDep) -> list[MemberOut]:
    return await service.list_members(session, access)


@router.patch("/{user_id}", responses={409: LAST_OWNER})
async def change_role(
    user_id: UUID, data: MemberUpdate, access: ManageAccess, session: SessionDep
) -> MemberOut:
    return await service.change_role(session, access, user_id, data.role)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses={409: LAST_OWNER})
async def remove_member(user_id: UUID, access: ReadAccess, session: SessionDep) -> None:
    """Remove a member (owners and admins), or leave the project (your own id)."""
    await service.remove_member(session, access, user_id)
