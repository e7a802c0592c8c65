"""All of the members slice's queries."""

from uuid import UUID

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.authz.permissions import Role
from projectflow.models import ProjectMember, User


async def insert_member(
    session: AsyncSession, *, project_id: UUID, user_id: UUID, role: Role
) -> None:
    await session.execute(
        insert(ProjectMember).values(project_id=project_id, user_id=user_id, role=role)
    )


async def get_role(session: AsyncSession, project_id: UUID, user_id: UUID) -> Role | None:
    role = await session.scalar(
        select(ProjectMember.role).where(
            ProjectMember.project_id == project_id, ProjectMember.user_id == user_id
        )
    )
    return Role(role) if role else None


async def lock_owner_ids(session: AsyncSession, project_id: UUID) -> list[UUID]:
    """The owners' ids, row-locked so two concurrent demotions cannot remove the last one."""
    rows = await session.scalars(
        select(ProjectMember.user_id)
        .where(ProjectMember.project_id == project_id, ProjectMember.role == Role.OWNER)
        .with_for_update()
    )
    return list(rows)


async def set_role(session: AsyncSession, project_id: UUID, user_id: UUID, role: Role) -> None:
    await session.execute(
        update(ProjectMember)
        .where(ProjectMember.project_id == project_id, ProjectMember.user_id == user_id)
        .values(role=role)
    )


async def delete_member(session: AsyncSession, project_id: UUID, user_id: UUID) -> None:
    await session.execute(
        delete(ProjectMember).where(
            ProjectMember.project_id == project_id, ProjectMember.user_id == user_id
        )
    )


async def list_members(session: AsyncSession, project_id: UUID) -> list[tuple[User, str]]:
    rows = await session.execute(
        select(User, ProjectMember.role)
        .join(ProjectMember, ProjectMember.user_id == User.id)
        .where(ProjectMember.project_id == project_id)
        .order_by(User.email)
    )
    return [(user, role) for user, role in rows]


async def get_member(session: AsyncSession, project_id: UUID, user_id: UUID) -> tuple[User, str]:
    result = await session.execute(
        select(User, ProjectMember.role)
        .join(ProjectMember, ProjectMember.user_id == User.id)
        .where(ProjectMember.project_id == project_id, ProjectMember.user_id == user_id)
    )
    user, role = result.one()
    return user, role


async def members_among(session: AsyncSession, project_id: UUID, user_ids: list[UUID]) -> set[UUID]:
    """Those of `user_ids` who are members of the project."""
    rows = await session.scalars(
        select(ProjectMember.user_id).where(
            ProjectMember.project_id == project_id, ProjectMember.user_id.in_(user_ids)
        )
    )
    return set(rows)
