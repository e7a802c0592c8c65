"""Column rules: names, WIP limits, order, and never deleting a column with cards in it."""

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit.service import AuditEntry
from projectflow.authz.service import BoardAccess
from projectflow.boards.schemas import ColumnOut
from projectflow.boards.writer import BoardWriter, open_board
from projectflow.cards.service import move_to_end
from projectflow.collab.cache import DocumentCache
from projectflow.collab.state import ColumnState
from projectflow.columns import repository
from projectflow.columns.schemas import ColumnCreate, ColumnMove, ColumnUpdate
from projectflow.kit.errors import Conflict, Forbidden, InvalidField
from projectflow.kit.fractional_index import position_between


async def create_column(
    session: AsyncSession, cache: DocumentCache, access: BoardAccess, data: ColumnCreate
) -> ColumnOut:
    """Add a column at the right end of the board, audited as `column.created`."""
    writer = await open_board(session, cache, access.board_id, access.project_id)
    position = position_between(await repository.last_position(session, access.board_id), None)
    column = ColumnState(uuid4(), data.name, position, data.wip_limit, data.done)
    entry = _entry(access, column.id, "column.created", {"name": data.name})
    await _write(writer, lambda: writer.document.put_column(column), entry)
    return _column_out(writer, column.id)


async def update_column(
    session: AsyncSession, cache: DocumentCache, access: BoardAccess, data: ColumnUpdate
) -> ColumnOut:
    """Rename it, change its WIP limit (`null` removes the limit) or its `done` mark."""
    writer = await open_board(session, cache, access.board_id, access.project_id)
    fields = data.model_dump(exclude_unset=True)  # a null name was refused by the schema
    entry = _entry(access, access.subject_id, "column.updated", fields)
    await _write(writer, lambda: writer.document.set_column(access.subject_id, **fields), entry)
    return _column_out(writer, access.subject_id)


async def move_column(
    session: AsyncSession, cache: DocumentCache, access: BoardAccess, data: ColumnMove
) -> ColumnOut:
    writer = await open_board(session, cache, access.board_id, access.project_id)
    before = data.before_column_id is not None
    field = "before_column_id" if before else "after_column_id"
    anchor = _other_column(writer, access, data.before_column_id or data.after_column_id, field)
    moving = access.subject_id
    neighbour = await repository.neighbour_position(
        session, access.board_id, anchor.position, before=before, moving=moving
    )
    position = (
        position_between(neighbour, anchor.position)
        if before
        else position_between(anchor.position, neighbour)
    )
    entry = _entry(access, moving, "column.moved", {field: str(anchor.id)})
    await _write(writer, lambda: writer.document.set_column(moving, position=position), entry)
    return _column_out(writer, moving)


async def delete_column(
    session: AsyncSession, cache: DocumentCache, access: BoardAccess, move_cards_to: UUID | None
) -> None:
    """Delete an empty column, or move its cards (archived ones too) to the end of another."""
    writer = await open_board(session, cache, access.board_id, access.project_id)
    column = _column(writer, access.subject_id)
    cards = await repository.card_ids_in(session, column.id)
    data: dict[str, Any] = {"name": column.name}
    if cards and move_cards_to is None:
        raise Conflict(
            f'Column "{column.name}" still holds {len(cards)} card(s); move them first or pass '
            "move_cards_to=<column id>.",
            details={"cards": len(cards)},
        )
    if move_cards_to is not None:
        target = _other_column(writer, access, move_cards_to, "move_cards_to")
        await move_to_end(writer, session, cards, target)
        data |= {"moved_cards_to": str(target.id), "cards": len(cards)}
    entry = _entry(access, column.id, "column.deleted", data)
    await _write(writer, lambda: writer.document.delete_column(column.id), entry)


async def _write(writer: BoardWriter, change: Any, entry: AuditEntry) -> None:
    with writer.document.change():
        change()
    await writer.save(entry)


def _other_column(
    writer: BoardWriter, access: BoardAccess, column_id: UUID | None, field: str
) -> ColumnState:
    column = writer.document.column(column_id) if column_id else None
    if column is None or column.id == access.subject_id:
        raise InvalidField(field, "must be another column of this board")
    return column


def _column(writer: BoardWriter, column_id: UUID) -> ColumnState:
    column = writer.document.column(column_id)
    if column is None:  # deleted by someone else since the access check
        raise Forbidden()
    return column


def _column_out(writer: BoardWriter, column_id: UUID) -> ColumnOut:
    column = _column(writer, column_id)
    return ColumnOut(id=column.id, name=column.name, wip_limit=column.wip_limit, done=column.done)


def _entry(access: BoardAccess, column_id: UUID, action: str, data: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        actor_id=access.user_id,
        action=action,
        subject_type="column",
        subject_id=column_id,
        project_id=access.project_id,
        data=data,
    )
