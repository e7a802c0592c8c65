from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select
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
