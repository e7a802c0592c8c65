from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import BoardAccess
from projectflow.comments import repository
from projectflow.comments.schemas import CommentOut


async def add_comment(session: AsyncSession, access: BoardAccess, body: str) -> CommentOut:
    """Comment on a card, audited on the card as `card.commented`."""
    comment_id = uuid4()
    await repository.insert_comment(
        session,
        comment_id=comment_id,
        card_id=access.subject_id,
        project_id=access.project_id,
        author_id=access.user_id,
        body=body,
    )
    await audit.record(
        session,
        AuditEntry(
            actor_id=access.user_id,
            action="card.commented",
            subject_type="card",
            subject_id=access.subject_id,
            project_id=access.project_id,
            data={"comment_id": str(comment_id)},
        ),
    )
    comments = await list_comments(session, access.subject_id)
    return next(comment for comment in comments if comment.id == comment_id)


async def list_comments(session: AsyncSession, card_id: UUID) -> list[CommentOut]:
    rows = await repository.list_comments(session, card_id)
    return [
        CommentOut(
            id=comment.id,
            card_id=comment.card_id,
            author_id=comment.author_id,
            author_name=name or comment.author_name,
            body=comment.body,
            created_at=comment.created_at,
        )
        for comment, name in rows
    ]
