from typing import Annotated

from fastapi import APIRouter, status

from projectflow.auth.dependencies import CurrentUser
from projectflow.authz.dependencies import require
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess
from projectflow.db.session import SessionDep
from projectflow.projects import service
from projectflow.projects.schemas import ProjectCreate, ProjectOut, ProjectUpdate

router = APIRouter(prefix="/api/projects", tags=["projects"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_project(data: ProjectCreate, user: CurrentUser, session: SessionDep) -> ProjectOut:
    return await service.create_project(session, user.id, data)


@router.get("")
async def list_projects(user: CurrentUser, session: SessionDep) -> list[ProjectOut]:
    return await service.list_projects(session, user.id)


@router.get("/{project_id}")
async def get_project(
    access: Annotated[ProjectAccess, require(Permission.PROJECT_READ)], session: SessionDep
) -> ProjectOut:
    return await service.get_project(session, access)


@router.patch("/{project_id}")
async def update_project(
    data: ProjectUpdate,
    access: Annotated[ProjectAccess, require(Permission.PROJECT_UPDATE)],
    session: SessionDep,
) -> ProjectOut:
    return await service.update_project(session, access, data)
