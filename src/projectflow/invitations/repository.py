"""All of the invitations slice's queries (RLS: admins see their projects' invitations,
invitees the ones addressed to their email)."""

from uuid import UUID

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.authz.permissions import Role
from projectflow.models import Invitation, ProjectMember, User

# The project's name as its invitee (or a member) may see it.
_PROJECT_NAME = func.app_invited_project_name(Invitation.project_id).label("project_name")


async def insert_invitation(
    session: AsyncSession,
    *,
    invitation_id: UUID,
    project_id: UUID,
    email: str,
    role: Role,
    invited_by: UUID,
    invited_by_name: str,
) -> bool:
    """False when the email is already invited to the project."""
    inserted = await session.scalar(
        insert(Invitation)
        .values(
            id=invitation_id,
            project_id=project_id,
            email=email,
            role=role,
            invited_by=invited_by,
            invited_by_name=invited_by_name,
        )
        .on_conflict_do_nothing(index_elements=["project_id", "email"])
        .returning(Invitation.id)
    )
    return inserted is not None


async def get(session: AsyncSession, invitation_id: UUID) -> tuple[Invitation, str] | None:
    row = (
        await session.execute(
            select(Invitation, _PROJECT_NAME).where(Invitation.id == invitation_id)
        )
    ).first()
    return (row[0], row[1]) if row else None


async def for_project(session: AsyncSession, project_id: UUID) -> list[tuple[Invitation, str]]:
    return await _listed(session, Invitation.project_id == project_id)


async def for_email(session: AsyncSession, email: str) -> list[tuple[Invitation, str]]:
    return await _listed(session, Invitation.email == email)


async def _listed(
    session: AsyncSession, condition: ColumnElement[bool]
) -> list[tuple[Invitation, str]]:
    """Oldest first, each with its project's name."""
    rows = await session.execute(
        select(Invitation, _PROJECT_NAME)
        .where(condition)
        .order_by(Invitation.created_at, Invitation.id)
    )
    return [(invitation, name) for invitation, name in rows]


async def delete_invitation(session: AsyncSession, invitation_id: UUID) -> None:
    await session.execute(delete(Invitation).where(Invitation.id == invitation_id))


async def is_member_email(session: AsyncSession, project_id: UUID, email: str) -> bool:
    """Whether a member of the project uses `email` (members' accounts are visible to admins)."""
    found = await session.scalar(
        select(ProjectMember.user_id)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id == project_id, User.email == email)
    )
    return found is not None
