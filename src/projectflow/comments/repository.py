from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import Comment, User


async def insert_comment(
    session: AsyncSession,
    *,
    comment_id: UUID,
    card_id: UUID,
    project_id: UUID,
    author_id: UUID | None,
    body: str,
    author_name: str | None = None,
    created_at: datetime | None = None,
) -> None:
    values: dict[str, object] = {
        "id": comment_id,
        "card_id": card_id,
        "project_id": project_id,
        "author_id": author_id,
        "author_name": author_name,
        "body": body,
    }
    if created_at is not None:
        values["created_at"] = created_at
    await session.execute(insert(Comment).values(**values))


async def list_comments(session: AsyncSession, card_id: UUID) -> list[tuple[Comment, str | None]]:
    """Oldest first, with the author's current name."""
    rows = await session.execute(
        select(Comment, User.name)
        .outerjoin(User, User.id == Comment.author_id)
        .where(Comment.card_id == card_id)
        .order_by(Comment.created_at, Comment.id)
    )
    return [(comment, name) for comment, name in rows]


# An import's comments as one JSON array (see transfers/prepare.py): PostgreSQL parses them.
_INSERT_JSON = text("""
INSERT INTO comments (id, card_id, project_id, author_id, author_name, body, created_at)
SELECT r.id, r.card_id, :project_id, NULL, r.author_name, r.body, coalesce(r.created_at, now())
FROM jsonb_to_recordset(CAST(:rows AS jsonb))
    AS r(id uuid, card_id uuid, author_name text, body text, created_at timestamptz)
""")


async def insert_comments_json(session: AsyncSession, project_id: UUID, rows: bytes) -> None:
    """Comments by name only (no account behind them), from a JSON array of objects with id,
    card_id, author_name, body and created_at (null: now)."""
    await session.execute(_INSERT_JSON, {"project_id": project_id, "rows": rows.decode()})
