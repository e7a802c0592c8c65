"""Membership rules.

Owners and admins manage members (people join through invitations/); only owners grant, change
or remove the owner role; anyone may leave; a project always keeps at least one owner.
"""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.permissions import Permission, Role
from projectflow.authz.service import ProjectAccess
from projectflow.kit.errors import Conflict, Forbidden, InvalidField
from projectflow.members import repository
from projectflow.members.schemas import MemberOut
from projectflow.models import User
from projectflow.realtime.publisher import names_of, publish_after_commit


async def list_members(session: AsyncSession, access: ProjectAccess) -> list[MemberOut]:
    rows = await repository.list_members(session, access.project_id)
    return [_member_out(user, role) for user, role in rows]


async def change_role(
    session: AsyncSession, access: ProjectAccess, user_id: UUID, role: Role
) -> MemberOut:
    """Change a member's role, audited as `member.role_changed`."""
    current = await _existing_role(session, access, user_id)
    _require_ownership_rights(access, current, role)
    if current == Role.OWNER and role != Role.OWNER:
        await _keep_an_owner(session, access.project_id, user_id, "demote")
    if current != role:
        await repository.set_role(session, access.project_id, user_id, role)
        await _audit(session, access, "member.role_changed", user_id, {"from": current, "to": role})
        _signal_access_change(session, access.project_id, user_id)
    return _member_out(*await repository.get_member(session, access.project_id, user_id))


async def remove_member(session: AsyncSession, access: ProjectAccess, user_id: UUID) -> None:
    """Remove a member (`member.removed`), or leave the project yourself (`member.left`)."""
    leaving = user_id == access.user_id
    if not leaving:
        access.require(Permission.MEMBERS_MANAGE)
    current = await _existing_role(session, access, user_id)
    if not leaving:
        _require_ownership_rights(access, current)
    if current == Role.OWNER:
        await _keep_an_owner(session, access.project_id, user_id, "remove")
    # Audited first: once the row is gone, a leaver may no longer write to the project's trail.
    action = "member.left" if leaving else "member.removed"
    await _audit(session, access, action, user_id, {"role": current})
    await repository.delete_member(session, access.project_id, user_id)
    _signal_access_change(session, access.project_id, user_id)


async def require_members(
    session: AsyncSession, project_id: UUID, user_ids: list[UUID], field: str
) -> None:
    """422 on `field` unless every one of `user_ids` is a member (assignees must be)."""
    members = await repository.members_among(session, project_id, user_ids)
    strangers = [str(user_id) for user_id in user_ids if user_id not in members]
    if strangers:
        raise InvalidField(
            field, f"{', '.join(strangers)} not a member of this project (invite them first)"
        )


async def _existing_role(session: AsyncSession, access: ProjectAccess, user_id: UUID) -> Role:
    role = await repository.get_role(session, access.project_id, user_id)
    if role is None:  # not a member: as invisible as an id that does not exist
        raise Forbidden()
    return role


def _require_ownership_rights(access: ProjectAccess, *roles: Role) -> None:
    if Role.OWNER in roles:
        access.require(Permission.OWNERSHIP_MANAGE)


async def _keep_an_owner(session: AsyncSession, project_id: UUID, user_id: UUID, verb: str) -> None:
    owners = await repository.lock_owner_ids(session, project_id)
    if owners == [user_id]:
        raise Conflict(
            f"Cannot {verb} the last owner of a project; make someone else an owner first."
        )


async def _audit(
    session: AsyncSession, access: ProjectAccess, action: str, user_id: UUID, data: dict[str, str]
) -> None:
    await audit.record(
        session,
        AuditEntry(
            actor_id=access.user_id,
            action=action,
            subject_type="user",
            subject_id=user_id,
            project_id=access.project_id,
            data=data,
        ),
    )


def _signal_access_change(session: AsyncSession, project_id: UUID, user_id: UUID) -> None:
    """Tell the API processes, after commit, to check the user's live connections at once."""
    if (names := names_of(session)) is not None:
        signal = {"project_id": str(project_id), "user_id": str(user_id)}
        publish_after_commit(session, names.project_access(project_id), signal, stored=False)


def _member_out(user: User, role: str) -> MemberOut:
    return MemberOut(user_id=user.id, email=user.email, name=user.name, role=Role(role))
