from typing import Annotated

from fastapi import APIRouter, status

from projectflow.authz.dependencies import require_card
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess
from projectflow.comments import service
from projectflow.comments.schemas import CommentCreate, CommentOut
from projectflow.db.session import SessionDep

router = APIRouter(prefix="/api/cards/{card_id}/comments", tags=["comments"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_comment(
    data: CommentCreate,
    access: Annotated[BoardAccess, require_card(Permission.CONTENT_WRITE)],
    session: SessionDep,
) -> CommentOut:
    return await service.add_comment(session, access, data.body)


@router.get("")
async def list_comments(
    access: Annotated[BoardAccess, require_card(Permission.PROJECT_READ)], session: SessionDep
) -> list[CommentOut]:
    """Oldest first."""
    return await service.list_comments(session, access.subject_id)
