from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status

from projectflow.authz.dependencies import require
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess
from projectflow.db.session import SessionDep
from projectflow.members import service
from projectflow.members.schemas import MemberAdd, MemberOut, MemberUpdate

router = APIRouter(prefix="/api/projects/{project_id}/members", tags=["members"])

ReadAccess = Annotated[ProjectAccess, require(Permission.PROJECT_READ)]
ManageAccess = Annotated[ProjectAccess, require(Permission.MEMBERS_MANAGE)]


@router.get("")
async def list_members(access: ReadAccess, session: SessionDep) -> list[MemberOut]:
    return await service.list_members(session, access)


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_member(data: MemberAdd, access: ManageAccess, session: SessionDep) -> MemberOut:
    return await service.add_member(session, access, data.email, data.role)


@router.patch("/{user_id}")
async def change_role(
    user_id: UUID, data: MemberUpdate, access: ManageAccess, session: SessionDep
) -> MemberOut:
    return await service.change_role(session, access, user_id, data.role)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_member(user_id: UUID, access: ManageAccess, session: SessionDep) -> None:
    await service.remove_member(session, access, user_id)
