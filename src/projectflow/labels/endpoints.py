from typing import Annotated

from fastapi import APIRouter, Path, status

from projectflow.authz.dependencies import require
from projectflow.authz.permissions import Permission
from projectflow.authz.service import ProjectAccess
from projectflow.boards.schemas import Label
from projectflow.db.session import SessionDep
from projectflow.labels import service
from projectflow.labels.schemas import LabelCreate, LabelOut, LabelUpdate
from projectflow.state import DocCacheDep

router = APIRouter(prefix="/api/projects/{project_id}/labels", tags=["labels"])

ReadLabels = Annotated[ProjectAccess, require(Permission.PROJECT_READ)]
WriteLabels = Annotated[ProjectAccess, require(Permission.CONTENT_WRITE)]
LabelName = Annotated[Label, Path(description="the label's name (URL-encoded)")]


@router.get("")
async def list_labels(access: ReadLabels, session: SessionDep) -> list[LabelOut]:
    """The project's labels, by name, with their colours and how many cards carry each."""
    return await service.list_labels(session, access)


@router.post("", status_code=status.HTTP_201_CREATED, responses={409: {"description": "exists"}})
async def create_label(data: LabelCreate, access: WriteLabels, session: SessionDep) -> LabelOut:
    return await service.create_label(session, access, data)


@router.patch("/{name:path}", responses={404: {"description": "no such label"}})
async def update_label(
    name: LabelName,
    data: LabelUpdate,
    access: WriteLabels,
    session: SessionDep,
    cache: DocCacheDep,
) -> LabelOut:
    """Recolour it, or rename it on every card of the project."""
    return await service.update_label(session, cache, access, name, data)


@router.delete(
    "/{name:path}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"description": "no such label"}},
)
async def delete_label(
    name: LabelName, access: WriteLabels, session: SessionDep, cache: DocCacheDep
) -> None:
    """Remove it from the project and from every card."""
    await service.delete_label(session, cache, access, name)
