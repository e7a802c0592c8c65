"""Invitation rules: owners and admins invite by email (owners alone may offer ownership); only
the invitee, signed in with that email, accepts or declines; admins may revoke.

Each invitation also has a link, whose secret token is shown once (only its SHA-256 is kept):
whoever holds it may see what it offers without signing in, and join with it signed in with any
email. Renewing the link kills the old one; tokens go into no log, audit row or listing.
"""

import secrets
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.auth.tokens import hash_token
from projectflow.authz.permissions import Permission, Role
from projectflow.authz.service import ProjectAccess
from projectflow.db.identity import Identity
from projectflow.invitations import repository
from projectflow.invitations.schemas import (
    InvitationCreate,
    InvitationCreated,
    InvitationLink,
    InvitationOut,
    InvitationPreview,
)
from projectflow.kit.errors import Conflict, Forbidden, NotFound
from projectflow.members import repository as members
from projectflow.models import Invitation
from projectflow.projects import service as projects
from projectflow.projects.schemas import ProjectOut

# Tells a link's token from an API token at a glance (and lets logs mask it:
# observability/logging.py).
LINK_TOKEN_PREFIX = "pfi_"


def new_link_token() -> str:
    return LINK_TOKEN_PREFIX + secrets.token_urlsafe(32)


async def invite(
    session: AsyncSession, access: ProjectAccess, inviter: Identity, data: InvitationCreate
) -> InvitationCreated:
    """Invite an email (with or without an account) as `role`, audited as `member.invited`;
    the answer carries the link's token, this once."""
    if data.role == Role.OWNER:
        access.require(Permission.OWNERSHIP_MANAGE)
    if await repository.is_member_email(session, access.project_id, data.email):
        raise Conflict(f"{data.email} is already a member of this project.", details=_EMAIL)
    invitation_id, token = uuid4(), new_link_token()
    inserted = await repository.insert_invitation(
        session,
        invitation_id=invitation_id,
        project_id=access.project_id,
        email=data.email,
        role=data.role,
        invited_by=access.user_id,
        invited_by_name=inviter.name,
        token_hash=hash_token(token),
    )
    if not inserted:
        raise Conflict(f"{data.email} is already invited to this project.", details=_EMAIL)
    await audit.record(
        session,
        _about(access, "member.invited", invitation_id, email=data.email, role=data.role),
    )
    return InvitationCreated(**(await _out(session, invitation_id)).model_dump(), token=token)


async def renew_link(
    session: AsyncSession, access: ProjectAccess, invitation_id: UUID
) -> InvitationLink:
    """A new link for a pending invitation (the old one stops working), audited as
    `member.invitation_link_renewed`."""
    invitation = await _project_invitation(session, access, invitation_id)
    if invitation.role == Role.OWNER:
        access.require(Permission.OWNERSHIP_MANAGE)
    token = new_link_token()
    await repository.set_token_hash(session, invitation_id, hash_token(token))
    await audit.record(
        session,
        _about(
            access,
            "member.invitation_link_renewed",
            invitation_id,
            email=invitation.email,
            role=invitation.role,
        ),
    )
    return InvitationLink(token=token)


async def list_for_project(session: AsyncSession, access: ProjectAccess) -> list[InvitationOut]:
    rows = await repository.for_project(session, access.project_id)
    return [_invitation_out(invitation, name) for invitation, name in rows]


async def revoke(session: AsyncSession, access: ProjectAccess, invitation_id: UUID) -> None:
    """Withdraw a pending invitation (and its link), audited as `member.invitation_revoked`."""
    invitation = await _project_invitation(session, access, invitation_id)
    if invitation.role == Role.OWNER:
        access.require(Permission.OWNERSHIP_MANAGE)
    await repository.delete_invitation(session, invitation_id)
    await audit.record(
        session,
        _about(
            access,
            "member.invitation_revoked",
            invitation_id,
            email=invitation.email,
            role=invitation.role,
        ),
    )


async def list_mine(session: AsyncSession, user: Identity) -> list[InvitationOut]:
    rows = await repository.for_email(session, user.email)
    return [_invitation_out(invitation, name) for invitation, name in rows]


async def accept(session: AsyncSession, user: Identity, invitation_id: UUID) -> ProjectOut:
    """Join the project with the offered role, audited as `member.joined`."""
    invitation = await _my_invitation(session, user, invitation_id)
    return await _join(session, user, invitation, {})


async def preview_link(session: AsyncSession, token: str) -> InvitationPreview:
    """What a link offers: no sign-in needed, the token is the proof."""
    found = await repository.preview_by_hash(session, hash_token(token))
    if found is None:
        raise _unknown_link()
    return InvitationPreview(
        project_name=found.project_name,
        invited_by_name=found.invited_by_name,
        role=Role(found.role),
        email=found.email,
    )


async def accept_link(session: AsyncSession, user: Identity, token: str) -> ProjectOut:
    """Join with a link, whatever the caller's email, audited as `member.joined` with
    `"via": "link"`. Someone already in the project keeps their role; an invitation of theirs
    by email to the same project is used up with it."""
    claimed = await repository.claim_by_hash(session, hash_token(token))
    if claimed is None:
        raise _unknown_link()
    invitation = await _my_invitation(session, user, claimed.invitation_id)
    story: dict[str, Any] = {"via": "link", "invited_email": claimed.invited_email}
    if claimed.replaced_id is not None:
        story["replaced_invitation_id"] = str(claimed.replaced_id)
    return await _join(session, user, invitation, story)


async def _join(
    session: AsyncSession, user: Identity, invitation: Invitation, story: dict[str, Any]
) -> ProjectOut:
    # Someone already in the project keeps the role they have.
    role = await members.get_role(session, invitation.project_id, user.id)
    if role is None:
        role = Role(invitation.role)
        await members.insert_member(
            session, project_id=invitation.project_id, user_id=user.id, role=role
        )
    await repository.delete_invitation(session, invitation.id)
    await audit.record(
        session,
        AuditEntry(
            user.id,
            "member.joined",
            "user",
            user.id,
            invitation.project_id,
            {"role": role, "invitation_id": str(invitation.id), **story},
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


def _about(
    access: ProjectAccess, action: str, invitation_id: UUID, *, email: str, role: str
) -> AuditEntry:
    """An admin's change to an invitation (never with its token)."""
    return AuditEntry(
        access.user_id,
        action,
        "invitation",
        invitation_id,
        access.project_id,
        {"email": email, "role": role},
    )


def _unknown_link() -> NotFound:
    return NotFound(
        "This invitation link is not valid: it may be mistyped, or it was renewed, revoked "
        "or already used. Ask whoever invited you for a new link."
    )


_EMAIL = {"field": "email"}
