"""Queries for import and export: whole boards at once, read from the projection."""

from collections.abc import Collection
from uuid import UUID

from sqlalchemy import any_, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import Card, Comment, ProjectMember, User


async def member_ids_by_email(session: AsyncSession, project_id: UUID) -> dict[str, UUID]:
    """Every member of the project by email (lower-case, as users' emails are stored)."""
    rows = await session.execute(
        select(User.email, User.id)
        .join(ProjectMember, ProjectMember.user_id == User.id)
        .where(ProjectMember.project_id == project_id)
    )
    return dict(rows.all())


async def emails_by_id(session: AsyncSession, user_ids: Collection[UUID]) -> dict[UUID, str]:
    """Emails of the users among `user_ids` this caller may see (RLS hides the rest)."""
    if not user_ids:
        return {}
    wanted = literal(sorted(user_ids), ARRAY(PG_UUID(as_uuid=True)))
    rows = await session.execute(select(User.id, User.email).where(User.id == any_(wanted)))
    return dict(rows.all())


async def cards_in_order(session: AsyncSession, board_id: UUID) -> list[Card]:
    """Every card of the board, archived ones too, in display order within each column."""
    rows = await session.scalars(
        select(Card).where(Card.board_id == board_id).order_by(Card.position, Card.id)
    )
    return list(rows)


async def comments_on_board(
    session: AsyncSession, board_id: UUID
) -> list[tuple[Comment, str | None]]:
    """The board's comments, oldest first per card, with the author's current name."""
    rows = await session.execute(
        select(Comment, User.name)
        .join(Card, Card.id == Comment.card_id)
        .outerjoin(User, User.id == Comment.author_id)
        .where(Card.board_id == board_id)
        .order_by(Comment.card_id, Comment.created_at, Comment.id)
    )
    return [(comment, name) for comment, name in rows]
