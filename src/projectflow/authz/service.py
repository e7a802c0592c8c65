"""Turns a user and a project into what the user may do there."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.authz.permissions import Permission, Role, role_allows
from projectflow.kit.errors import AppError, Forbidden
from projectflow.models import Card, Column, ProjectMember


@dataclass(frozen=True)
class ProjectAccess:
    """Proof that `user_id` may act in `project_id` with `role`."""

    project_id: UUID
    user_id: UUID
    role: Role

    def allows(self, permission: Permission) -> bool:
        return role_allows(self.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.allows(permission):
            raise Forbidden()


@dataclass(frozen=True)
class _InProject:
    """Access to something that belongs to a project: the project access it comes with."""

    access: ProjectAccess

    @property
    def project_id(self) -> UUID:
        return self.access.project_id

    @property
    def user_id(self) -> UUID:
        return self.access.user_id


@dataclass(frozen=True)
class BoardAccess(_InProject):
    """Access to a board, or to a column or card on it (`subject_id`)."""

    board_id: UUID
    subject_id: UUID


@dataclass(frozen=True)
class JobAccess(_InProject):
    """Access to a job of a project."""

    job_id: UUID
    created_by: UUID

    def require_manage(self) -> None:
        """Cancel or retry: the job's creator, or whoever manages the project's jobs."""
        if self.created_by != self.user_id:
            self.access.require(Permission.JOBS_MANAGE)


@dataclass(frozen=True)
class CommentAccess(_InProject):
    """Access to a comment on a card of a project (`author_id` None: an imported comment)."""

    comment_id: UUID
    card_id: UUID
    author_id: UUID | None

    def require_author(self) -> None:
        """Edit: the comment's author alone."""
        if self.author_id != self.user_id:
            raise NotAllowed("Only the author of a comment can edit it.")

    def require_author_or_moderator(self) -> None:
        """Delete: the comment's author, or whoever moderates the project's comments."""
        if self.author_id != self.user_id and not self.access.allows(Permission.COMMENTS_MODERATE):
            raise NotAllowed(
                "Only the author of a comment, or an owner or admin of the project, can delete it."
            )


@dataclass(frozen=True)
class AiRunAccess(_InProject):
    """Access to an AI run on a card of a project."""

    run_id: UUID
    card_id: UUID


class NotAllowed(AppError):
    """A 403 that says why: for members, who may know that the thing exists (everyone else
    gets `Forbidden`, which does not tell)."""

    status_code = 403
    code = "forbidden"


async def project_access(
    session: AsyncSession, user_id: UUID, project_id: UUID, permission: Permission
) -> ProjectAccess:
    """The caller's access to a project, or Forbidden — also for projects that do not exist."""
    role = await session.scalar(
        select(ProjectMember.role).where(
            ProjectMember.project_id == project_id, ProjectMember.user_id == user_id
        )
    )
    return grant(project_id, user_id, role, permission)


def grant(
    project_id: UUID, user_id: UUID, role: str | None, permission: Permission
) -> ProjectAccess:
    """Access for a member with `role` (None: not a member), or Forbidden."""
    if role is None:
        raise Forbidden()
    access = ProjectAccess(project_id=project_id, user_id=user_id, role=Role(role))
    access.require(permission)
    return access


async def board_access_in(
    session: AsyncSession, access: ProjectAccess, model: type[Card] | type[Column], subject_id: UUID
) -> BoardAccess:
    """Access to a card or column named in a request's body rather than its path (an AI run's
    tool call): it must belong to `access`'s project, whatever else the user may see."""
    board_id = await session.scalar(
        select(model.board_id).where(model.id == subject_id, model.project_id == access.project_id)
    )
    if board_id is None:
        raise Forbidden()
    return BoardAccess(access=access, board_id=board_id, subject_id=subject_id)
