"""`require*(permission)`: the endpoint-side doors to the authorization chokepoint.

Each resolves a path id (project, board, column, card, comment, job, AI run) to the caller's
access in the owning project. An id the caller cannot see and an id that does not exist both
end in 403.
"""

from typing import Any
from uuid import UUID

from fastapi import Depends
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.auth.dependencies import CurrentUser
from projectflow.authz.permissions import Permission
from projectflow.authz.service import (
    AiRunAccess,
    BoardAccess,
    CommentAccess,
    JobAccess,
    ProjectAccess,
    grant,
    project_access,
)
from projectflow.db.session import SessionDep
from projectflow.kit.errors import Forbidden
from projectflow.models import AiRun, Board, Card, Column, Comment, Job


def _with_role(project_id: Any, board_id: Any, key: Any) -> Select[Any]:
    """The row's project and board (or other second column), and the caller's role there, in
    one round trip."""
    role = func.app_member_role(project_id)
    return select(project_id, board_id, role).where(key == bindparam("id"))


# Built once: one of them runs on almost every request.
_BOARD = _with_role(Board.project_id, Board.id, Board.id)
_COLUMN = _with_role(Column.project_id, Column.board_id, Column.id)
_CARD = _with_role(Card.project_id, Card.board_id, Card.id)
_JOB = _with_role(Job.project_id, Job.created_by, Job.id)
_AI_RUN = _with_role(AiRun.project_id, AiRun.card_id, AiRun.id)
_COMMENT = _with_role(Comment.project_id, Comment.card_id, Comment.id).add_columns(
    Comment.author_id
)


def require(permission: Permission) -> Any:
    """A dependency resolving the `project_id` path parameter into the caller's access."""

    async def dependency(project_id: UUID, session: SessionDep, user: CurrentUser) -> ProjectAccess:
        return await project_access(session, user.id, project_id, permission)

    return Depends(dependency)


def require_board(permission: Permission) -> Any:
    """`board_id` → BoardAccess (subject_id: the board)."""

    async def dependency(board_id: UUID, session: SessionDep, user: CurrentUser) -> BoardAccess:
        return await _board_access(session, user.id, _BOARD, board_id, permission)

    return Depends(dependency)


async def board_access(
    session: AsyncSession, user_id: UUID, board_id: UUID, permission: Permission
) -> BoardAccess:
    """`require_board` outside a request (a live connection's checks); Forbidden if not."""
    return await _board_access(session, user_id, _BOARD, board_id, permission)


def require_column(permission: Permission) -> Any:
    """`column_id` → BoardAccess (subject_id: the column)."""

    async def dependency(column_id: UUID, session: SessionDep, user: CurrentUser) -> BoardAccess:
        return await _board_access(session, user.id, _COLUMN, column_id, permission)

    return Depends(dependency)


def require_card(permission: Permission) -> Any:
    """`card_id` → BoardAccess (subject_id: the card)."""

    async def dependency(card_id: UUID, session: SessionDep, user: CurrentUser) -> BoardAccess:
        return await _board_access(session, user.id, _CARD, card_id, permission)

    return Depends(dependency)


def require_job(permission: Permission) -> Any:
    """`job_id` → JobAccess."""

    async def dependency(job_id: UUID, session: SessionDep, user: CurrentUser) -> JobAccess:
        row = (await session.execute(_JOB, {"id": job_id})).first()
        if row is None:
            raise Forbidden()
        project_id, created_by, role = row
        access = grant(project_id, user.id, role, permission)
        return JobAccess(access=access, job_id=job_id, created_by=created_by)

    return Depends(dependency)


def require_ai_run(permission: Permission) -> Any:
    """`run_id` → AiRunAccess."""

    async def dependency(run_id: UUID, session: SessionDep, user: CurrentUser) -> AiRunAccess:
        row = (await session.execute(_AI_RUN, {"id": run_id})).first()
        if row is None:
            raise Forbidden()
        project_id, card_id, role = row
        access = grant(project_id, user.id, role, permission)
        return AiRunAccess(access=access, run_id=run_id, card_id=card_id)

    return Depends(dependency)


def require_comment(permission: Permission) -> Any:
    """`comment_id` → CommentAccess (whether the caller wrote it is for the service to ask)."""

    async def dependency(comment_id: UUID, session: SessionDep, user: CurrentUser) -> CommentAccess:
        row = (await session.execute(_COMMENT, {"id": comment_id})).first()
        if row is None:
            raise Forbidden()
        project_id, card_id, role, author_id = row
        access = grant(project_id, user.id, role, permission)
        return CommentAccess(
            access=access, comment_id=comment_id, card_id=card_id, author_id=author_id
        )

    return Depends(dependency)


async def _board_access(
    session: AsyncSession, user_id: UUID, query: Any, subject_id: UUID, permission: Permission
) -> BoardAccess:
    # RLS: invisible rows do not come back.
    row = (await session.execute(query, {"id": subject_id})).first()
    if row is None:
        raise Forbidden()
    project_id, board_id, role = row
    access = grant(project_id, user_id, role, permission)
    return BoardAccess(access=access, board_id=board_id, subject_id=subject_id)
