from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import Comment, User

# Rows per INSERT: a statement takes at most 32,767 bind parameters (seven per row here).
INSERT_BATCH = 1000


@dataclass(frozen=True)
class NewComment:
    """A comment for `insert_comments`; `created_at` None means the transaction's start."""

    id: UUID
    card_id: UUID
    project_id: UUID
    author_id: UUID | None
    author_name: str | None
    body: str
    created_at: datetime | None = None


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


async def insert_comments(session: AsyncSession, comments: Sequence[NewComment]) -> None:
    """Many comments in a few statements (an import's)."""
    rows = [
        asdict(comment) | {"created_at": comment.created_at or func.now()} for comment in comments
    ]
    for start in range(0, len(rows), INSERT_BATCH):
        await session.execute(insert(Comment).values(rows[start : start + INSERT_BATCH]))


async def list_comments(session: AsyncSession, card_id: UUID) -> list[tuple[Comment, str | None]]:
    """Oldest first, with the author's current name."""
    rows = await session.execute(
        select(Comment, User.name)
        .outerjoin(User, User.id == Comment.author_id)
        .where(Comment.card_id == card_id)
        .order_by(Comment.created_at, Comment.id)
    )
    return [(comment, name) for comment, name in rows]
