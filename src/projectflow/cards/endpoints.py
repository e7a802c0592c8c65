from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from pydantic import Field

from projectflow.audit.schemas import AuditEventOut
from projectflow.authz.dependencies import require_board, require_card
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess
from projectflow.boards.schemas import CardOut
from projectflow.boards.service import cards_out
from projectflow.cards import repository, service
from projectflow.cards.schemas import CardCreate, CardMove, CardUpdate
from projectflow.db.session import SessionDep
from projectflow.kit.fields import Text, UtcDateTime
from projectflow.state import DocCacheDep

router = APIRouter(prefix="/api", tags=["cards"])

ReadCard = Annotated[BoardAccess, require_card(Permission.PROJECT_READ)]
WriteCard = Annotated[BoardAccess, require_card(Permission.CONTENT_WRITE)]
SearchText = Text[Annotated[str, Field(max_length=200)]]
LabelFilter = Text[Annotated[str, Field(max_length=50)]]
WIP_LIMIT = {"description": "The column is at its WIP limit (send `override_wip` to exceed it)"}


@router.post(
    "/boards/{board_id}/cards", status_code=status.HTTP_201_CREATED, responses={409: WIP_LIMIT}
)
async def create_card(
    data: CardCreate,
    access: Annotated[BoardAccess, require_board(Permission.CONTENT_WRITE)],
    session: SessionDep,
    cache: DocCacheDep,
) -> CardOut:
    return await service.create_card(session, cache, access, data)


@router.get("/boards/{board_id}/cards")
async def search_cards(
    access: Annotated[BoardAccess, require_board(Permission.PROJECT_READ)],
    session: SessionDep,
    q: Annotated[
        SearchText | None,
        Query(
            description="words (or their starts) in title or description; without letters "
            "or digits, the text itself"
        ),
    ] = None,
    label: Annotated[LabelFilter | None, Query()] = None,
    assignee: UUID | None = None,
    column: UUID | None = None,
    archived: bool | None = None,
    due_before: UtcDateTime | None = None,
    due_after: UtcDateTime | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[CardOut]:
    """Cards matching every filter given (archived ones too, unless `archived=false`)."""
    cards = await repository.search(
        session,
        access.board_id,
        text=q,
        label=label,
        assignee=assignee,
        column=column,
        archived=archived,
        due_before=due_before,
        due_after=due_after,
        limit=limit,
    )
    return await cards_out(session, cards)


@router.get("/cards/{card_id}")
async def get_card(access: ReadCard, session: SessionDep) -> CardOut:
    return await service.get_card(session, access)


@router.get("/cards/{card_id}/subtasks")
async def list_subtasks(access: ReadCard, session: SessionDep) -> list[CardOut]:
    """The card's subtasks (cards whose `parent_id` is this card) on every board of the
    project, archived ones left out: board by board, each as the board shows them."""
    return await service.list_subtasks(session, access)


@router.patch("/cards/{card_id}", responses={409: WIP_LIMIT})
async def update_card(
    data: CardUpdate, access: WriteCard, session: SessionDep, cache: DocCacheDep
) -> CardOut:
    return await service.update_card(session, cache, access, data)


@router.delete("/cards/{card_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_card(access: WriteCard, session: SessionDep, cache: DocCacheDep) -> None:
    await service.delete_card(session, cache, access)


@router.post("/cards/{card_id}/move", responses={409: WIP_LIMIT})
async def move_card(
    data: CardMove, access: WriteCard, session: SessionDep, cache: DocCacheDep
) -> CardOut:
    """To the end of `column_id`, or before/after a card there."""
    return await service.move_card(session, cache, access, data)


@router.get("/cards/{card_id}/history")
async def card_history(
    access: ReadCard, session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[AuditEventOut]:
    """The card's audit trail, newest first."""
    return await service.card_history(session, access, limit)
