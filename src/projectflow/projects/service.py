"""Project rules: creating one makes its creator the owner."""

from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.permissions import Role
from projectflow.authz.service import ProjectAccess
from projectflow.members import repository as members
from projectflow.models import Project
from projectflow.projects import repository
from projectflow.projects.schemas import ProjectCreate, ProjectOut, ProjectUpdate


async def create_project(session: AsyncSession, user_id: UUID, data: ProjectCreate) -> ProjectOut:
    """Create a project owned by `user_id`, audited as `project.created`."""
    project_id = uuid4()
    await repository.insert_project(
        session,
        project_id=project_id,
        name=data.name,
        description=data.description,
        created_by=user_id,
    )
    await members.insert_member(session, project_id=project_id, user_id=user_id, role=Role.OWNER)
    await audit.record(
        session,
        AuditEntry(
            actor_id=user_id,
            action="project.created",
            subject_type="project",
            subject_id=project_id,
            project_id=project_id,
            data={"name": data.name},
        ),
    )
    return ProjectOut(id=project_id, name=data.name, description=data.description, role=Role.OWNER)


async def list_projects(session: AsyncSession, user_id: UUID) -> list[ProjectOut]:
    """Only the caller's projects, with the caller's role in each."""
    rows = await repository.list_with_roles(session, user_id)
    return [_project_out(project, Role(role)) for project, role in rows]


async def get_project(session: AsyncSession, access: ProjectAccess) -> ProjectOut:
    project = await repository.get_project(session, access.project_id)
    assert project is not None, "access proves membership, and members see their project"
    return _project_out(project, access.role)


async def update_project(
    session: AsyncSession, access: ProjectAccess, data: ProjectUpdate
) -> ProjectOut:
    """Rename or re-describe a project, audited as `project.updated` with the changed fields."""
    changes = data.model_dump(exclude_unset=True)  # the schema refuses null
    if changes:
        await repository.update_project(session, access.project_id, changes)
        await audit.record(
            session,
            AuditEntry(
                actor_id=access.user_id,
                action="project.updated",
                subject_type="project",
                subject_id=access.project_id,
                project_id=access.project_id,
                data=changes,
            ),
        )
    session.expire_all()
    return await get_project(session, access)


def _project_out(project: Project, role: Role) -> ProjectOut:
    return ProjectOut(id=project.id, name=project.name, description=project.description, role=role)
