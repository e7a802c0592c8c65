from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, status

from projectflow.authz.dependencies import require_card
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess
from projectflow.boards.schemas import CardOut
from projectflow.checklists import service
from projectflow.checklists.schemas import (
    ChecklistCreate,
    ChecklistUpdate,
    ItemConvert,
    ItemConverted,
    ItemCreate,
    ItemMove,
    ItemUpdate,
)
from projectflow.checklists.service import ChecklistCall
from projectflow.db.session import SessionDep
from projectflow.state import DocCacheDep

router = APIRouter(prefix="/api/cards/{card_id}/checklists", tags=["checklists"])

ITEM = "/{checklist_id}/items/{item_id}"
Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"description": "The card has no such checklist or item"}}
FULL: Responses = {409: {"description": "The card (or checklist) holds as many as it may"}}
WIP_LIMIT: Responses = {
    409: {"description": "The column is at its WIP limit (send `override_wip`)"}
}


async def _call(
    access: Annotated[BoardAccess, require_card(Permission.CONTENT_WRITE)],
    session: SessionDep,
    cache: DocCacheDep,
) -> ChecklistCall:
    return await service.open_call(session, cache, access)


Call = Annotated[ChecklistCall, Depends(_call)]


@router.post("", status_code=status.HTTP_201_CREATED, responses=FULL)
async def add_checklist(data: ChecklistCreate, call: Call) -> CardOut:
    """Append a checklist to the card; answers the card."""
    return await service.add_checklist(call, data)


@router.patch("/{checklist_id}", responses=NOT_FOUND)
async def rename_checklist(checklist_id: UUID, data: ChecklistUpdate, call: Call) -> CardOut:
    return await service.rename_checklist(call, checklist_id, data)


@router.delete("/{checklist_id}", responses=NOT_FOUND)
async def delete_checklist(checklist_id: UUID, call: Call) -> CardOut:
    return await service.delete_checklist(call, checklist_id)


@router.post(
    "/{checklist_id}/items", status_code=status.HTTP_201_CREATED, responses=NOT_FOUND | FULL
)
async def add_item(checklist_id: UUID, data: ItemCreate, call: Call) -> CardOut:
    """Append an item; answers the card."""
    return await service.add_item(call, checklist_id, data)


@router.patch(ITEM, responses=NOT_FOUND)
async def update_item(checklist_id: UUID, item_id: UUID, data: ItemUpdate, call: Call) -> CardOut:
    """Change an item's text, or tick it done (or not)."""
    return await service.update_item(call, checklist_id, item_id, data)


@router.post(f"{ITEM}/move", responses=NOT_FOUND)
async def move_item(checklist_id: UUID, item_id: UUID, data: ItemMove, call: Call) -> CardOut:
    return await service.move_item(call, checklist_id, item_id, data)


@router.delete(ITEM, responses=NOT_FOUND)
async def delete_item(checklist_id: UUID, item_id: UUID, call: Call) -> CardOut:
    return await service.delete_item(call, checklist_id, item_id)


@router.post(
    f"{ITEM}/convert", status_code=status.HTTP_201_CREATED, responses=NOT_FOUND | WIP_LIMIT
)
async def convert_item(
    checklist_id: UUID, item_id: UUID, data: ItemConvert, call: Call
) -> ItemConverted:
    """Turn the item into a card right after this one; the item leaves the checklist."""
    return await service.convert_item(call, checklist_id, item_id, data)
