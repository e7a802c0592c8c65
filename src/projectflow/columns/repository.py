"""Queries the column rules need (read from the projection, current within the write lock)."""

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import Card, Column


async def last_position(session: AsyncSession, board_id: UUID) -> str | None:
    return await session.scalar(
        select(func.max(Column.position)).where(Column.board_id == board_id)
    )


async def neighbour_position(
    session: AsyncSession, board_id: UUID, position: str, *, before: bool, moving: UUID
) -> str | None:
    """The nearest column position below (or above) `position`, ignoring `moving`."""
    query = select(Column.position).where(Column.board_id == board_id, Column.id != moving)
    if before:
        query = query.where(Column.position < position).order_by(Column.position.desc())
    else:
        query = query.where(Column.position > position).order_by(Column.position)
    return await session.scalar(query.limit(1))


async def card_ids_in(session: AsyncSession, column_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(Card.id).where(Card.column_id == column_id).order_by(Card.position, Card.id)
    )
    return list(rows)
