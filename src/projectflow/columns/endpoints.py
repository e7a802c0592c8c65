from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from projectflow.authz.dependencies import require_board, require_column
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess
from projectflow.boards.schemas import ColumnOut
from projectflow.columns import service
from projectflow.columns.schemas import ColumnCreate, ColumnMove, ColumnUpdate
from projectflow.db.session import SessionDep
from projectflow.state import DocCacheDep

router = APIRouter(prefix="/api", tags=["columns"])

WriteColumn = Annotated[BoardAccess, require_column(Permission.CONTENT_WRITE)]


@router.post("/boards/{board_id}/columns", status_code=status.HTTP_201_CREATED)
async def create_column(
    data: ColumnCreate,
    access: Annotated[BoardAccess, require_board(Permission.CONTENT_WRITE)],
    session: SessionDep,
    cache: DocCacheDep,
) -> ColumnOut:
    return await service.create_column(session, cache, access, data)


@router.patch("/columns/{column_id}")
async def update_column(
    data: ColumnUpdate, access: WriteColumn, session: SessionDep, cache: DocCacheDep
) -> ColumnOut:
    return await service.update_column(session, cache, access, data)


@router.post("/columns/{column_id}/move")
async def move_column(
    data: ColumnMove, access: WriteColumn, session: SessionDep, cache: DocCacheDep
) -> ColumnOut:
    return await service.move_column(session, cache, access, data)


@router.delete(
    "/columns/{column_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"description": "The column holds cards and `move_cards_to` is missing"}},
)
async def delete_column(
    access: WriteColumn,
    session: SessionDep,
    cache: DocCacheDep,
    move_cards_to: Annotated[
        UUID | None, Query(description="where the column's cards go (needed unless it is empty)")
    ] = None,
) -> None:
    await service.delete_column(session, cache, access, move_cards_to)
