from typing import Annotated

from fastapi import APIRouter, status

from projectflow.authz.dependencies import require_card, require_comment
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess, CommentAccess
from projectflow.comments import service
from projectflow.comments.schemas import CommentCreate, CommentOut, CommentUpdate
from projectflow.db.session import SessionDep

router = APIRouter(prefix="/api", tags=["comments"])

WriteComment = Annotated[CommentAccess, require_comment(Permission.CONTENT_WRITE)]


@router.post("/cards/{card_id}/comments", status_code=status.HTTP_201_CREATED)
async def add_comment(
    data: CommentCreate,
    access: Annotated[BoardAccess, require_card(Permission.CONTENT_WRITE)],
    session: SessionDep,
) -> CommentOut:
    return await service.add_comment(session, access, data.body)


@router.get("/cards/{card_id}/comments")
async def list_comments(
    access: Annotated[BoardAccess, require_card(Permission.PROJECT_READ)], session: SessionDep
) -> list[CommentOut]:
    """Oldest first."""
    return await service.list_comments(session, access.subject_id)


@router.patch("/comments/{comment_id}")
async def edit_comment(
    data: CommentUpdate, access: WriteComment, session: SessionDep
) -> CommentOut:
    """Change the body of a comment you wrote (`edited_at` says when)."""
    return await service.edit_comment(session, access, data.body)


@router.delete("/comments/{comment_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_comment(access: WriteComment, session: SessionDep) -> None:
    """Delete a comment you wrote; owners and admins may delete anyone's."""
    await service.delete_comment(session, access)
