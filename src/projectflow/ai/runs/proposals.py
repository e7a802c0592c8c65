"""A run's proposed changes, applied through the board's own services — the write path every
other change takes (CRDT document, projection, audit, live clients) — in the name of the person
who applies them, each audit row saying it came `via` the run."""

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.authz.service import BoardAccess, ProjectAccess, board_access_in
from projectflow.boards.repository import columns_in_order
from projectflow.cards import service as cards
from projectflow.cards.schemas import CardCreate, CardMove, CardUpdate
from projectflow.collab.cache import DocumentCache
from projectflow.comments import service as comments
from projectflow.kit.errors import Conflict, Forbidden
from projectflow.kit.request_context import acting_via
from projectflow.models import Card, Column

Apply = Callable[
    [AsyncSession, DocumentCache, ProjectAccess, UUID, dict[str, Any]], Awaitable[dict[str, Any]]
]


async def apply_items(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    run_id: UUID,
    card_id: UUID,
    items: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Apply `items` in order in the caller's transaction; returns what each made or changed.
    One that cannot be applied any more (its card deleted since) fails them all."""
    results = []
    with acting_via(f"ai_run:{run_id}"):
        for item in items:
            try:
                results.append(
                    await APPLY[item["kind"]](session, cache, access, card_id, item["args"])
                )
            except Forbidden as error:
                raise Conflict(
                    f"“{item['summary']}” can no longer be applied: a card or column it names "
                    "is gone. Apply the other items, or discard the proposal.",
                    details={"item": item["index"]},
                ) from error
    return results


async def _card(session: AsyncSession, access: ProjectAccess, args: dict[str, Any]) -> BoardAccess:
    """The item's card, still in the project (deleted since: Forbidden, which fails the apply)."""
    return await board_access_in(session, access, Card, UUID(args["card_id"]))


async def _first_column(session: AsyncSession, access: ProjectAccess, card_id: UUID) -> BoardAccess:
    """The first column of the card's board: where new cards of a run go by default."""
    card = await board_access_in(session, access, Card, card_id)
    columns = await columns_in_order(session, card.board_id)
    if not columns:
        raise Conflict("The card's board has no column to put new cards in.")
    return BoardAccess(access=access, board_id=card.board_id, subject_id=columns[0].id)


async def _create(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    args: dict[str, Any],
    *,
    card_id: UUID,
    parent_id: UUID | None,
) -> dict[str, Any]:
    if args.get("column_id"):
        column = await board_access_in(session, access, Column, UUID(args["column_id"]))
    else:
        column = await _first_column(session, access, card_id)
    # The person approved this card here: a full column does not refuse it (the audit row
    # records the override, as for a person who adds anyway).
    data = CardCreate(
        column_id=column.subject_id,
        title=args["title"],
        description=args.get("description", ""),
        parent_id=parent_id,
        override_wip=True,
    )
    created = await cards.create_card(session, cache, column, data)
    return {"card_id": str(created.id)}


async def create_subtask(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    card_id: UUID,
    args: dict[str, Any],
) -> dict[str, Any]:
    return await _create(session, cache, access, args, card_id=card_id, parent_id=card_id)


async def create_card(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    card_id: UUID,
    args: dict[str, Any],
) -> dict[str, Any]:
    return await _create(session, cache, access, args, card_id=card_id, parent_id=None)


async def update_card(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    card_id: UUID,
    args: dict[str, Any],
) -> dict[str, Any]:
    target = await _card(session, access, args)
    fields = {name: value for name, value in args.items() if name != "card_id"}
    await cards.update_card(session, cache, target, CardUpdate.model_validate(fields))
    return {"card_id": args["card_id"]}


async def move_card(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    card_id: UUID,
    args: dict[str, Any],
) -> dict[str, Any]:
    target = await _card(session, access, args)
    data = CardMove(column_id=UUID(args["column_id"]), override_wip=True)
    await cards.move_card(session, cache, target, data)
    return {"card_id": args["card_id"]}


async def add_comment(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    card_id: UUID,
    args: dict[str, Any],
) -> dict[str, Any]:
    target = await _card(session, access, args)
    comment = await comments.add_comment(session, target, args["body"])
    return {"card_id": args["card_id"], "comment_id": str(comment.id)}


APPLY: dict[str, Apply] = {
    "create_subtask": create_subtask,
    "create_card": create_card,
    "update_card": update_card,
    "move_card": move_card,
    "add_comment": add_comment,
}
