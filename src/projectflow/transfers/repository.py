"""Queries for import and export: whole boards at once, read from the projection."""

from typing import cast
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.labels.palette import color_for
from projectflow.models import Board, Card, Column, Comment, Label, ProjectMember, User
from projectflow.transfers.render import BoardRows, CardRow, ColumnRow, CommentRow

# In the order of render.CardRow.
_CARD_COLUMNS = (
    Card.id,
    Card.column_id,
    Card.title,
    Card.description,
    Card.labels,
    Card.due,
    Card.due_done,
    Card.archived,
    Card.assignee_ids,
    Card.checklists,
    Card.parent_id,
)
# A comment whose author is neither a visible account nor a stored name (a deleted account).
UNKNOWN_AUTHOR = "Unknown"


async def member_ids_by_email(session: AsyncSession, project_id: UUID) -> dict[str, UUID]:
    """Every member of the project by email (lower-case, as users' emails are stored)."""
    rows = await session.execute(
        select(User.email, User.id)
        .join(ProjectMember, ProjectMember.user_id == User.id)
        .where(ProjectMember.project_id == project_id)
    )
    return dict(rows.all())


async def board_rows(session: AsyncSession, board_id: UUID) -> BoardRows | None:
    """Everything an export holds, as plain rows (no ORM objects: a board can have 20,000
    cards, and turning them into objects would be work on the event loop); None if the board
    is not visible."""
    board = (
        await session.execute(select(Board.name, Board.project_id).where(Board.id == board_id))
    ).first()
    if board is None:
        return None
    board_name, project_id = board
    columns = await session.execute(
        select(Column.id, Column.name, Column.wip_limit, Column.done)
        .where(Column.board_id == board_id)
        .order_by(Column.position, Column.id)
    )
    cards = await session.execute(
        select(*_CARD_COLUMNS).where(Card.board_id == board_id).order_by(Card.position, Card.id)
    )
    assigned = select(func.unnest(Card.assignee_ids)).where(Card.board_id == board_id)
    # RLS leaves out whoever the caller can no longer see.
    emails = await session.execute(select(User.id, User.email).where(User.id.in_(assigned)))
    comments = await session.execute(
        select(
            Comment.card_id,
            func.coalesce(User.name, Comment.author_name, UNKNOWN_AUTHOR),
            Comment.body,
            Comment.created_at,
        )
        .join(Card, Card.id == Comment.card_id)
        .outerjoin(User, User.id == Comment.author_id)
        .where(Card.board_id == board_id)
        .order_by(Comment.card_id, Comment.created_at, Comment.id)
    )
    # Plain tuples: they go to a worker process.
    return BoardRows(
        name=board_name,
        columns=cast(list[ColumnRow], [tuple(row) for row in columns]),
        cards=cast(list[CardRow], [tuple(row) for row in cards]),
        emails=dict(emails.all()),
        comments=cast(list[CommentRow], [tuple(row) for row in comments]),
        label_colors=await _label_colors(session, board_id, project_id),
    )


async def _label_colors(session: AsyncSession, board_id: UUID, project_id: UUID) -> dict[str, str]:
    """The colour the project shows for each label the board's cards name: its own, or else
    the one a label nobody coloured gets."""
    used = (
        select(func.unnest(Card.labels).label("name"))
        .where(Card.board_id == board_id)
        .distinct()
        .subquery()
    )
    rows = await session.execute(
        select(used.c.name, Label.color).outerjoin(
            Label, (Label.project_id == project_id) & (Label.name == used.c.name)
        )
    )
    return {name: color or color_for(name) for name, color in rows.all()}


async def board_from_source(
    session: AsyncSession, project_id: UUID, source: str
) -> tuple[UUID, str] | None:
    """The first board of the project imported from `source`, as (id, name)."""
    row = (
        await session.execute(
            select(Board.id, Board.name)
            .where(Board.project_id == project_id, Board.source == source)
            .order_by(Board.created_at, Board.id)
            .limit(1)
        )
    ).first()
    return None if row is None else (row[0], row[1])


async def lock_source(session: AsyncSession, project_id: UUID, source: str) -> None:
    """Serialise imports of one source into one project until the transaction ends, so two
    at once cannot both find no earlier import."""
    key = f"board-source:{project_id}:{source}"
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
