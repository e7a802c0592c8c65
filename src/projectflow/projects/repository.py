"""All of the projects slice's queries (RLS filters them a second time)."""

from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import Project, ProjectMember


async def insert_project(
    session: AsyncSession, *, project_id: UUID, name: str, description: str, created_by: UUID
) -> None:
    # No RETURNING: until the owner's membership exists, RLS hides the new row from its creator.
    await session.execute(
        insert(Project).values(
            id=project_id, name=name, description=description, created_by=created_by
        )
    )


async def get_project(session: AsyncSession, project_id: UUID) -> Project | None:
    return await session.get(Project, project_id)


async def list_with_roles(session: AsyncSession, user_id: UUID) -> list[tuple[Project, str]]:
    rows = await session.execute(
        select(Project, ProjectMember.role)
        .join(ProjectMember, ProjectMember.project_id == Project.id)
        .where(ProjectMember.user_id == user_id)
        .order_by(Project.created_at, Project.id)
    )
    return [(project, role) for project, role in rows]


async def update_project(session: AsyncSession, project_id: UUID, values: dict[str, str]) -> None:
    await session.execute(update(Project).where(Project.id == project_id).values(**values))
