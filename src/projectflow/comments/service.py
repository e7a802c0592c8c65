"""Comment rules: writers comment on cards; authors edit what they wrote; authors, owners and
admins delete. Each change is audited on the card, so the card's history tells it."""

from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import BoardAccess, CommentAccess
from projectflow.comments import repository
from projectflow.comments.schemas import CommentOut
from projectflow.models import Comment


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
    return await get_comment(session, comment_id)


async def list_comments(session: AsyncSession, card_id: UUID) -> list[CommentOut]:
    rows = await repository.list_comments(session, card_id)
    return [_comment_out(comment, name) for comment, name in rows]


async def get_comment(session: AsyncSession, comment_id: UUID) -> CommentOut:
    return _comment_out(*await repository.get_comment(session, comment_id))


async def edit_comment(session: AsyncSession, access: CommentAccess, body: str) -> CommentOut:
    """Change a comment's body (its author only), audited on the card as `comment.edited`;
    the same body again changes nothing."""
    access.require_author()
    if await repository.edit_body(session, access.comment_id, body):
        await audit.record(session, _on_card(access, "comment.edited"))
    return await get_comment(session, access.comment_id)


async def delete_comment(session: AsyncSession, access: CommentAccess) -> None:
    """Delete a comment (its author, or an owner or admin), audited on the card as
    `comment.deleted` with whose comment it was."""
    access.require_author_or_moderator()
    await repository.delete_comment(session, access.comment_id)
    author = str(access.author_id) if access.author_id else None
    await audit.record(session, _on_card(access, "comment.deleted", author_id=author))


def _on_card(access: CommentAccess, action: str, **data: str | None) -> AuditEntry:
    return AuditEntry(
        actor_id=access.user_id,
        action=action,
        subject_type="card",
        subject_id=access.card_id,
        project_id=access.project_id,
        data={"comment_id": str(access.comment_id), **data},
    )


def _comment_out(comment: Comment, author_name: str | None) -> CommentOut:
    return CommentOut(
        id=comment.id,
        card_id=comment.card_id,
        author_id=comment.author_id,
        author_name=author_name or comment.author_name,
        body=comment.body,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
    )
