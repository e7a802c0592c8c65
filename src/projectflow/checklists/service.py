"""Checklist rules: a card holds up to 20 ordered checklists of up to 200 ordered items each.
Every edit writes only the entry it changes in the board document, so people ticking
different items at once all keep their ticks; each is audited on the card's trail."""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.authz.service import BoardAccess
from projectflow.boardfiles.model import MAX_CHECKLIST_ITEMS, MAX_CHECKLISTS_PER_CARD
from projectflow.boards.schemas import CardOut
from projectflow.boards.writer import BoardWriter, open_board
from projectflow.cards.service import card_entry, card_state, card_state_out, put_card_after
from projectflow.checklists.schemas import (
    ChecklistCreate,
    ChecklistUpdate,
    ItemConvert,
    ItemConverted,
    ItemCreate,
    ItemMove,
    ItemUpdate,
)
from projectflow.collab.cache import DocumentCache
from projectflow.collab.document import BoardDocument
from projectflow.collab.state import CardState, ChecklistItemState, ChecklistState
from projectflow.kit.errors import Conflict, InvalidField, NotFound
from projectflow.kit.fractional_index import position_between


@dataclass(frozen=True)
class ChecklistCall:
    """One checklist operation on one card: the board is held from here until commit."""

    session: AsyncSession
    access: BoardAccess
    writer: BoardWriter
    card: CardState

    async def write(
        self, action: str, data: dict[str, object], edit: Callable[[BoardDocument], None]
    ) -> CardOut:
        with self.writer.document.change():
            edit(self.writer.document)
        await self.writer.save(card_entry(self.access, self.card.id, action, dict(data)))
        return await card_state_out(self.session, self.writer, self.card.id)

    def checklist(self, checklist_id: UUID) -> ChecklistState:
        found = next((c for c in self.card.checklists if c.id == checklist_id), None)
        if found is None:
            raise NotFound("The card has no such checklist (it may have been deleted).")
        return found

    def item(self, checklist_id: UUID, item_id: UUID) -> tuple[ChecklistState, ChecklistItemState]:
        checklist = self.checklist(checklist_id)
        found = next((item for item in checklist.items if item.id == item_id), None)
        if found is None:
            raise NotFound("The checklist has no such item (it may have been deleted).")
        return checklist, found


async def open_call(
    session: AsyncSession, cache: DocumentCache, access: BoardAccess
) -> ChecklistCall:
    writer = await open_board(session, cache, access.board_id, access.project_id)
    return ChecklistCall(session, access, writer, card_state(writer, access.subject_id))


async def add_checklist(call: ChecklistCall, data: ChecklistCreate) -> CardOut:
    """Append a checklist, audited as `checklist.created`."""
    if len(call.card.checklists) >= MAX_CHECKLISTS_PER_CARD:
        raise Conflict(f"A card holds at most {MAX_CHECKLISTS_PER_CARD} checklists.")
    last = call.card.checklists[-1].position if call.card.checklists else None
    checklist = ChecklistState(uuid4(), data.title, position_between(last, None))
    return await call.write(
        "checklist.created",
        {"checklist_id": str(checklist.id), "title": data.title},
        lambda document: document.put_checklist(call.card.id, checklist),
    )


async def rename_checklist(
    call: ChecklistCall, checklist_id: UUID, data: ChecklistUpdate
) -> CardOut:
    call.checklist(checklist_id)
    return await call.write(
        "checklist.renamed",
        {"checklist_id": str(checklist_id), "title": data.title},
        lambda document: document.set_checklist(call.card.id, checklist_id, title=data.title),
    )


async def delete_checklist(call: ChecklistCall, checklist_id: UUID) -> CardOut:
    checklist = call.checklist(checklist_id)
    return await call.write(
        "checklist.deleted",
        {"checklist_id": str(checklist_id), "title": checklist.title},
        lambda document: document.delete_checklist(call.card.id, checklist_id),
    )


async def add_item(call: ChecklistCall, checklist_id: UUID, data: ItemCreate) -> CardOut:
    """Append an item to a checklist."""
    checklist = call.checklist(checklist_id)
    if len(checklist.items) >= MAX_CHECKLIST_ITEMS:
        raise Conflict(f"A checklist holds at most {MAX_CHECKLIST_ITEMS} items.")
    last = checklist.items[-1].position if checklist.items else None
    item = ChecklistItemState(uuid4(), data.text, position_between(last, None))
    return await call.write(
        "checklist.item_added",
        {"checklist_id": str(checklist_id), "item_id": str(item.id), "text": data.text},
        lambda document: document.put_checklist_item(call.card.id, checklist_id, item),
    )


async def update_item(
    call: ChecklistCall, checklist_id: UUID, item_id: UUID, data: ItemUpdate
) -> CardOut:
    """Edit an item's text or tick it (un)done."""
    call.item(checklist_id, item_id)
    fields = data.model_dump(exclude_unset=True)
    return await call.write(
        "checklist.item_updated",
        {"checklist_id": str(checklist_id), "item_id": str(item_id)} | fields,
        lambda document: document.set_checklist_item(call.card.id, checklist_id, item_id, **fields),
    )


async def move_item(
    call: ChecklistCall, checklist_id: UUID, item_id: UUID, data: ItemMove
) -> CardOut:
    checklist, item = call.item(checklist_id, item_id)
    position = _position(checklist, item, data)
    return await call.write(
        "checklist.item_moved",
        {"checklist_id": str(checklist_id), "item_id": str(item_id)},
        lambda document: document.set_checklist_item(
            call.card.id, checklist_id, item_id, position=position
        ),
    )


async def delete_item(call: ChecklistCall, checklist_id: UUID, item_id: UUID) -> CardOut:
    _, item = call.item(checklist_id, item_id)
    return await call.write(
        "checklist.item_deleted",
        {"checklist_id": str(checklist_id), "item_id": str(item_id), "text": item.text},
        lambda document: document.delete_checklist_item(call.card.id, checklist_id, item_id),
    )


async def convert_item(
    call: ChecklistCall, checklist_id: UUID, item_id: UUID, data: ItemConvert
) -> ItemConverted:
    """Turn an item into a card right after this one (the item leaves the checklist): audited
    as `card.created` on the new card and `checklist.item_converted` on this one."""
    _, item = call.item(checklist_id, item_id)
    with call.writer.document.change():
        new_card, overridden = await put_card_after(
            call.session, call.writer, call.card, item.text, override_wip=data.override_wip
        )
        call.writer.document.delete_checklist_item(call.card.id, checklist_id, item_id)
    created = {"title": item.text, "from_card_id": str(call.card.id)} | overridden
    await call.writer.save(card_entry(call.access, new_card.id, "card.created", created))
    converted = {"checklist_id": str(checklist_id), "card_id": str(new_card.id)}
    await audit.record(
        call.session,
        card_entry(call.access, call.card.id, "checklist.item_converted", converted),
    )
    return ItemConverted(
        card=await card_state_out(call.session, call.writer, new_card.id),
        source=await card_state_out(call.session, call.writer, call.card.id),
    )


def _position(checklist: ChecklistState, moving: ChecklistItemState, data: ItemMove) -> str:
    others = [item for item in checklist.items if item.id != moving.id]
    anchor_id = data.before_item_id or data.after_item_id
    if anchor_id is None:
        return position_between(others[-1].position if others else None, None)
    index = next((i for i, item in enumerate(others) if item.id == anchor_id), None)
    if index is None:
        field = "before_item_id" if data.before_item_id else "after_item_id"
        raise InvalidField(field, "must be another item of the same checklist")
    if data.before_item_id:
        below = others[index - 1].position if index > 0 else None
        return position_between(below, others[index].position)
    above = others[index + 1].position if index + 1 < len(others) else None
    return position_between(others[index].position, above)
