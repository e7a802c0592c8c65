"""Queries for boards and the board view (read from the projection)."""

from uuid import UUID

from sqlalchemy import any_, func, insert, literal, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import Board, Card, Column, Comment


async def insert_board(
    session: AsyncSession,
    *,
    board_id: UUID,
    project_id: UUID,
    name: str,
    created_by: UUID,
    source: str | None = None,
) -> None:
    await session.execute(
        insert(Board).values(
            id=board_id, project_id=project_id, name=name, created_by=created_by, source=source
        )
    )


async def get_board(session: AsyncSession, board_id: UUID) -> Board | None:
    return await session.get(Board, board_id)


async def list_boards(session: AsyncSession, project_id: UUID) -> list[Board]:
    rows = await session.scalars(
        select(Board).where(Board.project_id == project_id).order_by(Board.created_at, Board.id)
    )
    return list(rows)


async def columns_in_order(session: AsyncSession, board_id: UUID) -> list[Column]:
    rows = await session.scalars(
        select(Column).where(Column.board_id == board_id).order_by(Column.position, Column.id)
    )
    return list(rows)


# Cards as JSON, built by PostgreSQL: for thousands of cards this is several times faster than
# decoding rows into Python objects and encoding them again. Same field names and formats as
# CardOut (timestamps in UTC with "Z").
_CARDS_JSON_BY_COLUMN = text("""
SELECT column_id, json_agg(json_build_object(
        'id', id, 'board_id', board_id, 'column_id', column_id, 'parent_id', parent_id,
        'title', title,
        'description', description, 'labels', labels, 'assignee_ids', assignee_ids,
        'due', to_char(due AT TIME ZONE 'UTC', CASE WHEN date_trunc('second', due) = due
            THEN 'YYYY-MM-DD"T"HH24:MI:SS"Z"' ELSE 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"' END),
        'due_done', due_done, 'archived', archived, 'checklists', checklists,
        'comment_count', coalesce(counted.comments, 0)
    ) ORDER BY position, id)::text AS cards
FROM cards
LEFT JOIN (
    SELECT card_id, count(*) AS comments FROM comments
    WHERE card_id IN (SELECT id FROM cards WHERE board_id = :board_id)
    GROUP BY card_id
) AS counted ON counted.card_id = cards.id
WHERE board_id = :board_id AND (:include_archived OR NOT archived)
GROUP BY column_id
""")


async def card_json_by_column(
    session: AsyncSession, board_id: UUID, *, include_archived: bool
) -> dict[UUID | None, str]:
    """Each column's cards in display order, as the text of a JSON array."""
    rows = await session.execute(
        _CARDS_JSON_BY_COLUMN, {"board_id": board_id, "include_archived": include_archived}
    )
    return {row.column_id: row.cards for row in rows}


async def assignees_of(session: AsyncSession, card_ids: list[UUID]) -> set[UUID]:
    """Everyone assigned to any of the cards, as projected now."""
    if not card_ids:
        return set()
    wanted = literal(card_ids, ARRAY(PG_UUID(as_uuid=True)))
    rows = await session.scalars(
        select(func.unnest(Card.assignee_ids)).where(Card.id == any_(wanted))
    )
    return set(rows)


async def comment_counts(session: AsyncSession, card_ids: list[UUID]) -> dict[UUID, int]:
    """How many comments each card has (cards without any are left out)."""
    rows = await session.execute(
        select(Comment.card_id, func.count())
        .where(Comment.card_id.in_(card_ids))
        .group_by(Comment.card_id)
    )
    return dict(rows.all())
