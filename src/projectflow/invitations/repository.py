"""All of the invitations slice's queries (RLS: admins see their projects' invitations,
invitees the ones addressed to their email)."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import ColumnElement, delete, func, select, text, update
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
    token_hash: bytes,
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
            token_hash=token_hash,
        )
        .on_conflict_do_nothing(index_elements=["project_id", "email"])
        .returning(Invitation.id)
    )
    return inserted is not None


async def get(session: AsyncSession, invitation_id: UUID) -> tuple[Invitation, str] | None:
    row = (
        await session.execute(
            select(Invitation, _PROJECT_NAME)
            .where(Invitation.id == invitation_id)
            # A link's claim readdresses the row behind the ORM's back.
            .execution_options(populate_existing=True)
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


async def set_token_hash(session: AsyncSession, invitation_id: UUID, token_hash: bytes) -> None:
    await session.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id)
        .values(token_hash=token_hash)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class LinkPreview:
    project_name: str
    invited_by_name: str
    role: str
    email: str


_PREVIEW = text("SELECT * FROM app_invitation_preview(:hash)")


async def preview_by_hash(session: AsyncSession, token_hash: bytes) -> LinkPreview | None:
    """What the link offers, past RLS (its holder may be anybody); None: no such link."""
    row = (await session.execute(_PREVIEW, {"hash": token_hash})).first()
    return LinkPreview(*row) if row else None


@dataclass(frozen=True)
class Claimed:
    invitation_id: UUID
    invited_email: str  # whom the link's invitation was addressed to before
    replaced_id: UUID | None  # the caller's own invitation by email it took the place of


_CLAIM = text("SELECT * FROM app_claim_invitation(:hash)")


async def claim_by_hash(session: AsyncSession, token_hash: bytes) -> Claimed | None:
    """Readdress the link's invitation to the caller's email (see migration 0006), so that the
    caller may accept it; None: no such link."""
    row = (await session.execute(_CLAIM, {"hash": token_hash})).one()
    return Claimed(*row) if row.invitation_id else None


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
