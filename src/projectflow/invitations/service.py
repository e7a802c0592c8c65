"""Invitation rules: owners and admins invite by email (owners alone may offer ownership); only
the invitee, signed in with that email, accepts or declines; admins may revoke."""

from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.permissions import Permission, Role
from projectflow.authz.service import ProjectAccess
from projectflow.db.identity import Identity
from projectflow.invitations import repository
from projectflow.invitations.schemas import InvitationCreate, InvitationOut
from projectflow.kit.errors import Conflict, Forbidden
from projectflow.members import repository as members
from projectflow.models import Invitation
from projectflow.projects import service as projects
from projectflow.projects.schemas import ProjectOut


async def invite(
    session: AsyncSession, access: ProjectAccess, inviter: Identity, data: InvitationCreate
) -> InvitationOut:
    """Invite an email (with or without an account) as `role`, audited as `member.invited`."""
    if data.role == Role.OWNER:
        access.require(Permission.OWNERSHIP_MANAGE)
    if await repository.is_member_email(session, access.project_id, data.email):
        raise Conflict(f"{data.email} is already a member of this project.", details=_EMAIL)
    invitation_id = uuid4()
    inserted = await repository.insert_invitation(
        session,
        invitation_id=invitation_id,
        project_id=access.project_id,
        email=data.email,
        role=data.role,
        invited_by=access.user_id,
        invited_by_name=inviter.name,
    )
    if not inserted:
        raise Conflict(f"{data.email} is already invited to this project.", details=_EMAIL)
    await audit.record(
        session,
        AuditEntry(
            access.user_id,
            "member.invited",
            "invitation",
            invitation_id,
            access.project_id,
            {"email": data.email, "role": data.role},
        ),
    )
    return await _out(session, invitation_id)


async def list_for_project(session: AsyncSession, access: ProjectAccess) -> list[InvitationOut]:
    rows = await repository.for_project(session, access.project_id)
    return [_invitation_out(invitation, name) for invitation, name in rows]


async def revoke(session: AsyncSession, access: ProjectAccess, invitation_id: UUID) -> None:
    """Withdraw a pending invitation, audited as `member.invitation_revoked`."""
    invitation = await _project_invitation(session, access, invitation_id)
    if invitation.role == Role.OWNER:
        access.require(Permission.OWNERSHIP_MANAGE)
    await repository.delete_invitation(session, invitation_id)
    await audit.record(
        session,
        AuditEntry(
            access.user_id,
            "member.invitation_revoked",
            "invitation",
            invitation_id,
            access.project_id,
            {"email": invitation.email, "role": invitation.role},
        ),
    )


async def list_mine(session: AsyncSession, user: Identity) -> list[InvitationOut]:
    rows = await repository.for_email(session, user.email)
    return [_invitation_out(invitation, name) for invitation, name in rows]


async def accept(session: AsyncSession, user: Identity, invitation_id: UUID) -> ProjectOut:
    """Join the project with the offered role, audited as `member.joined`."""
    invitation = await _my_invitation(session, user, invitation_id)
    # Someone already in the project keeps the role they have.
    role = await members.get_role(session, invitation.project_id, user.id)
    if role is None:
        role = Role(invitation.role)
        await members.insert_member(
            session, project_id=invitation.project_id, user_id=user.id, role=role
        )
    await repository.delete_invitation(session, invitation_id)
    await audit.record(
        session,
        AuditEntry(
            user.id,
            "member.joined",
            "user",
            user.id,
            invitation.project_id,
            {"role": role, "invitation_id": str(invitation_id)},
        ),
    )
    access = ProjectAccess(project_id=invitation.project_id, user_id=user.id, role=role)
    return await projects.get_project(session, access)


async def decline(session: AsyncSession, user: Identity, invitation_id: UUID) -> None:
    """Turn an invitation down (it leaves the project's pending list), audited on the
    invitee's own trail: they are no member, so they may not write to the project's."""
    invitation = await _my_invitation(session, user, invitation_id)
    await repository.delete_invitation(session, invitation_id)
    await audit.record(
        session,
        AuditEntry(
            actor_id=user.id,
            action="user.invitation_declined",
            subject_type="invitation",
            subject_id=invitation_id,
            project_id=None,
            data={"project_id": str(invitation.project_id), "role": invitation.role},
        ),
    )


async def _my_invitation(session: AsyncSession, user: Identity, invitation_id: UUID) -> Invitation:
    """An invitation addressed to the caller's email; anything else is 403, like a missing id."""
    found = await repository.get(session, invitation_id)
    if found is None or found[0].email != user.email.lower():
        raise Forbidden()
    return found[0]


async def _project_invitation(
    session: AsyncSession, access: ProjectAccess, invitation_id: UUID
) -> Invitation:
    found = await repository.get(session, invitation_id)
    if found is None or found[0].project_id != access.project_id:
        raise Forbidden()
    return found[0]


async def _out(session: AsyncSession, invitation_id: UUID) -> InvitationOut:
    found = await repository.get(session, invitation_id)
    assert found is not None, "the inviter sees the invitation it just made"
    return _invitation_out(*found)


def _invitation_out(invitation: Invitation, project_name: str) -> InvitationOut:
    return InvitationOut(
        id=invitation.id,
        project_id=invitation.project_id,
        project_name=project_name,
        email=invitation.email,
        role=Role(invitation.role),
        invited_by_name=invitation.invited_by_name,
        created_at=invitation.created_at,
    )


_EMAIL = {"field": "email"}
