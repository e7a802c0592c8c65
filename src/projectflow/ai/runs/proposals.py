"""A run's proposed changes, applied through the board's own services — the write path every
other change takes (CRDT document, projection, audit, live clients) — in the name of the person
who applies them, each audit row saying it came `via` the run."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
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

Result = dict[str, Any]


async def apply_items(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    run_id: UUID,
    card_id: UUID,
    items: list[dict[str, Any]],
) -> list[Result]:
    """Apply `items` in order in the caller's transaction; returns what each made or changed.
    One that cannot be applied any more (its card deleted since) fails them all."""
    applier = _Applier(session, cache, access, card_id)
    results = []
    with acting_via(f"ai_run:{run_id}"):
        for item in items:
            try:
                results.append(await APPLY[item["kind"]](applier, item["args"]))
            except Forbidden as error:
                raise Conflict(
                    f"“{item['summary']}” can no longer be applied: a card or column it names "
                    "is gone. Apply the other items, or discard the proposal.",
                    details={"item": item["index"]},
                ) from error
    return results


@dataclass(frozen=True)
class _Applier:
    """Applies items of one run's proposal (whose card is `card_id`) as `access`'s user."""

    session: AsyncSession
    cache: DocumentCache
    access: ProjectAccess
    card_id: UUID

    async def create_subtask(self, args: dict[str, Any]) -> Result:
        return await self._create(args, parent_id=self.card_id)

    async def create_card(self, args: dict[str, Any]) -> Result:
        return await self._create(args, parent_id=None)

    async def update_card(self, args: dict[str, Any]) -> Result:
        fields = {name: value for name, value in args.items() if name != "card_id"}
        data = CardUpdate.model_validate(fields)
        await cards.update_card(self.session, self.cache, await self._card(args), data)
        return {"card_id": args["card_id"]}

    async def move_card(self, args: dict[str, Any]) -> Result:
        data = CardMove(column_id=UUID(args["column_id"]), override_wip=True)
        await cards.move_card(self.session, self.cache, await self._card(args), data)
        return {"card_id": args["card_id"]}

    async def add_comment(self, args: dict[str, Any]) -> Result:
        comment = await comments.add_comment(self.session, await self._card(args), args["body"])
        return {"card_id": args["card_id"], "comment_id": str(comment.id)}

    async def _create(self, args: dict[str, Any], *, parent_id: UUID | None) -> Result:
        if args.get("column_id"):
            column_id = UUID(args["column_id"])
            column = await board_access_in(self.session, self.access, Column, column_id)
        else:
            column = await self._first_column()
        # The person approved this card here: a full column does not refuse it (the audit row
        # records the override, as for a person who adds anyway).
        data = CardCreate(
            column_id=column.subject_id,
            title=args["title"],
            description=args.get("description", ""),
            parent_id=parent_id,
            override_wip=True,
        )
        created = await cards.create_card(self.session, self.cache, column, data)
        return {"card_id": str(created.id)}

    async def _card(self, args: dict[str, Any]) -> BoardAccess:
        """The item's card, still in the project (deleted since: Forbidden)."""
        return await board_access_in(self.session, self.access, Card, UUID(args["card_id"]))

    async def _first_column(self) -> BoardAccess:
        """The first column of the run card's board: where its new cards go by default."""
        card = await board_access_in(self.session, self.access, Card, self.card_id)
        columns = await columns_in_order(self.session, card.board_id)
        if not columns:
            raise Conflict("The card's board has no column to put new cards in.")
        return BoardAccess(access=self.access, board_id=card.board_id, subject_id=columns[0].id)


APPLY: dict[str, Callable[[_Applier, dict[str, Any]], Awaitable[Result]]] = {
    "create_subtask": _Applier.create_subtask,
    "create_card": _Applier.create_card,
    "update_card": _Applier.update_card,
    "move_card": _Applier.move_card,
    "add_comment": _Applier.add_comment,
}
