"""Queries the card rules need (the projection is current while the board is held)."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import AuditEvent, Board, Card, Column


async def get_card(session: AsyncSession, card_id: UUID) -> Card | None:
    return await session.get(Card, card_id, populate_existing=True)


# Hot-path statements are built once (composing them costs more than running them).
_IN_COLUMN = (
    Card.column_id == bindparam("column_id"),
    Card.id.is_distinct_from(bindparam("excluding")),
)
_LAST_POSITION = select(func.max(Card.position)).where(*_IN_COLUMN)
_POSITION_BELOW = (
    select(Card.position)
    .where(*_IN_COLUMN, Card.position < bindparam("position"))
    .order_by(Card.position.desc())
    .limit(1)
)
_POSITION_ABOVE = (
    select(Card.position)
    .where(*_IN_COLUMN, Card.position > bindparam("position"))
    .order_by(Card.position)
    .limit(1)
)
_COUNT_ACTIVE = select(func.count()).where(*_IN_COLUMN, Card.archived.is_(False))


async def board_of_column(session: AsyncSession, column_id: UUID, project_id: UUID) -> UUID | None:
    """The board of a column of the project, else None."""
    return await session.scalar(
        select(Column.board_id).where(Column.id == column_id, Column.project_id == project_id)
    )


async def parent_chain(session: AsyncSession, card_id: UUID, project_id: UUID) -> set[UUID]:
    """The card and the cards above it (its parent, the parent's parent, ...) that are cards
    of the project; empty if the card is none. Stops at a missing parent, and at a loop that
    a Yjs client may have written (UNION keeps each card once)."""
    chain = (
        select(Card.id, Card.parent_id)
        .where(Card.id == card_id, Card.project_id == project_id)
        .cte("chain", recursive=True)
    )
    above = select(Card.id, Card.parent_id).join(chain, Card.id == chain.c.parent_id)
    chain = chain.union(above.where(Card.project_id == project_id))
    return set(await session.scalars(select(chain.c.id)))


async def subtasks(session: AsyncSession, card_id: UUID, project_id: UUID) -> list[Card]:
    """The project's cards, not archived, whose parent is `card_id`, in board order and then
    as each board shows them (cards without a column first, then column by column)."""
    rows = await session.scalars(
        select(Card)
        .join(Board, Board.id == Card.board_id)
        .outerjoin(Column, Column.id == Card.column_id)
        .where(
            Card.project_id == project_id,
            Card.parent_id == card_id,
            Card.archived.is_(False),
        )
        .order_by(
            Board.created_at,
            Board.id,
            Column.position.asc().nulls_first(),
            Column.id,
            Card.position,
            Card.id,
        )
    )
    return list(rows)


async def rehome(session: AsyncSession, card_id: UUID, board_id: UUID) -> None:
    """Point the card's row at another board of its project, keeping its comments."""
    await session.execute(update(Card).where(Card.id == card_id).values(board_id=board_id))


async def last_position(session: AsyncSession, column_id: UUID) -> str | None:
    return await session.scalar(_LAST_POSITION, {"column_id": column_id, "excluding": None})


async def neighbour_position(
    session: AsyncSession, column_id: UUID, position: str, *, before: bool, moving: UUID
) -> str | None:
    """The nearest card position below (or above) `position` in the column, ignoring `moving`."""
    params = {"column_id": column_id, "excluding": moving, "position": position}
    return await session.scalar(_POSITION_BELOW if before else _POSITION_ABOVE, params)


async def count_active(session: AsyncSession, column_id: UUID, *, excluding: UUID | None) -> int:
    """Cards counted against the column's WIP limit (archived ones are not)."""
    params = {"column_id": column_id, "excluding": excluding}
    return int(await session.scalar(_COUNT_ACTIVE, params) or 0)


async def search(
    session: AsyncSession,
    board_id: UUID,
    *,
    text: str | None,
    label: str | None,
    assignee: UUID | None,
    column: UUID | None,
    archived: bool | None,
    due_before: datetime | None,
    due_after: datetime | None,
    limit: int,
) -> list[Card]:
    query = select(Card).where(Card.board_id == board_id)
    if text and text.strip():
        query = query.where(_matches_text(text.strip()))
    if label is not None:
        query = query.where(Card.labels.contains([label]))
    if assignee is not None:
        query = query.where(Card.assignee_ids.contains([assignee]))
    if column is not None:
        query = query.where(Card.column_id == column)
    if archived is not None:
        query = query.where(Card.archived.is_(archived))
    if due_before is not None:
        query = query.where(Card.due < due_before)
    if due_after is not None:
        query = query.where(Card.due > due_after)
    query = query.order_by(Card.column_id, Card.position, Card.id).limit(limit)
    return list(await session.scalars(query))


def _matches_text(text: str) -> ColumnElement[bool]:
    """Every word must match, as a word or the start of one ("auth" finds "authentication").

    A query without letters or digits ("!", "🔥") has no words for the index to look up, so
    the title or the description must contain it as typed, ignoring case.
    """
    words = ["".join(ch for ch in word if ch.isalnum()) for word in text.split()]
    terms = " & ".join(f"{word}:*" for word in words if word)
    if terms:
        # Only letters, digits and our own operators reach to_tsquery: no syntax errors.
        return Card.search.bool_op("@@")(func.to_tsquery("simple", terms))
    pattern = f"%{_escape_like(text)}%"
    return or_(Card.title.ilike(pattern, escape="\\"), Card.description.ilike(pattern, escape="\\"))


def _escape_like(text: str) -> str:
    """`text` matched literally by LIKE: its wildcards and the escape character escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def history(session: AsyncSession, card_id: UUID, limit: int) -> list[AuditEvent]:
    rows = await session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == "card", AuditEvent.subject_id == card_id)
        .order_by(AuditEvent.seq.desc())
        .limit(limit)
    )
    return list(rows)
