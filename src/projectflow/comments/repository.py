from datetime import datetime
from uuid import UUID

from sqlalchemy import Select, delete, func, insert, select, text, update
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


def _with_author_name() -> Select[Comment, str]:
    """Comments with their author's current name (None for imported ones)."""
    return select(Comment, User.name).outerjoin(User, User.id == Comment.author_id)


async def list_comments(session: AsyncSession, card_id: UUID) -> list[tuple[Comment, str | None]]:
    """Oldest first, with the author's current name."""
    rows = await session.execute(
        _with_author_name()
        .where(Comment.card_id == card_id)
        .order_by(Comment.created_at, Comment.id)
    )
    return [(comment, name) for comment, name in rows]


async def get_comment(session: AsyncSession, comment_id: UUID) -> tuple[Comment, str | None]:
    comment, name = (
        await session.execute(
            _with_author_name()
            .where(Comment.id == comment_id)
            .execution_options(populate_existing=True)
        )
    ).one()
    return comment, name


async def edit_body(session: AsyncSession, comment_id: UUID, body: str) -> bool:
    """Replace the body and stamp `edited_at`; False when the body was already this one."""
    edited = await session.scalar(
        update(Comment)
        .where(Comment.id == comment_id, Comment.body != body)
        .values(body=body, edited_at=func.now())
        .returning(Comment.id)
        .execution_options(synchronize_session=False)
    )
    return edited is not None


async def delete_comment(session: AsyncSession, comment_id: UUID) -> None:
    await session.execute(delete(Comment).where(Comment.id == comment_id))


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
