"""Card rules: WIP limits, assignees who are members, positions, and the audit trail."""

from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.schemas import AuditEventOut
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import BoardAccess
from projectflow.boards.repository import comment_counts
from projectflow.boards.schemas import CardOut, ChecklistItemOut, ChecklistOut
from projectflow.boards.service import cards_out
from projectflow.boards.writer import BoardWriter, open_board
from projectflow.cards import repository
from projectflow.cards.schemas import CardCreate, CardMove, CardUpdate
from projectflow.collab.cache import DocumentCache
from projectflow.collab.state import CardState, ColumnState
from projectflow.kit.errors import Conflict, Forbidden, InvalidField
from projectflow.kit.fractional_index import position_between
from projectflow.members import service as members


async def create_card(
    session: AsyncSession, cache: DocumentCache, access: BoardAccess, data: CardCreate
) -> CardOut:
    """Add a card at the end of a column, audited as `card.created`."""
    writer = await open_board(session, cache, access.board_id, access.project_id)
    column = _column_on_board(writer, data.column_id, "column_id")
    overridden = await _check_wip(session, column, None, override=data.override_wip)
    await members.require_members(session, access.project_id, data.assignee_ids, "assignee_ids")
    if data.parent_id is not None:
        await _check_parent(session, access.project_id, None, data.parent_id)
    card = CardState(
        id=uuid4(),
        column_id=column.id,
        title=data.title,
        position=await _end_of(session, writer, column.id),
        description=data.description,
        labels=tuple(data.labels),
        assignee_ids=tuple(data.assignee_ids),
        due=data.due,
        due_done=data.due_done,
        parent_id=data.parent_id,
    )
    with writer.document.change():
        writer.document.put_card(card)
    created: dict[str, Any] = {"title": card.title}
    if card.parent_id is not None:
        created["parent_id"] = str(card.parent_id)
    await writer.save(card_entry(access, card.id, "card.created", created | overridden))
    return await card_state_out(session, writer, card.id)


async def get_card(session: AsyncSession, access: BoardAccess) -> CardOut:
    card = await repository.get_card(session, access.subject_id)
    assert card is not None, "access to the card was checked"
    [out] = await cards_out(session, [card])
    return out


async def list_subtasks(session: AsyncSession, access: BoardAccess) -> list[CardOut]:
    """The card's subtasks that are not archived, on any board of the project."""
    cards = await repository.subtasks(session, access.subject_id, access.project_id)
    return await cards_out(session, cards)


async def update_card(
    session: AsyncSession, cache: DocumentCache, access: BoardAccess, data: CardUpdate
) -> CardOut:
    """Write only the fields given; (un)archiving is audited as such, the rest as `card.updated`."""
    writer = await open_board(session, cache, access.board_id, access.project_id)
    card = card_state(writer, access.subject_id)
    fields = data.model_dump(exclude_unset=True, exclude={"override_wip"})
    overridden: dict[str, Any] = {}
    if fields.get("archived") is False and card.archived and card.column_id is not None:
        column = _column_on_board(writer, card.column_id, "column_id")
        overridden = await _check_wip(session, column, card.id, override=data.override_wip)
    if fields.get("assignee_ids"):
        await members.require_members(
            session, access.project_id, fields["assignee_ids"], "assignee_ids"
        )
    if fields.get("parent_id") is not None:
        await _check_parent(session, access.project_id, card.id, fields["parent_id"])
    with writer.document.change():
        writer.document.set_card(card.id, **fields)
    entries = []
    archived = fields.pop("archived", card.archived)
    if archived != card.archived:
        action = "card.archived" if archived else "card.unarchived"
        entries.append(card_entry(access, card.id, action, overridden))
    if fields:
        entries.append(card_entry(access, card.id, "card.updated", {"fields": sorted(fields)}))
    await writer.save(entries[0] if entries else None)
    for entry in entries[1:]:
        await audit.record(session, entry)
    return await card_state_out(session, writer, card.id)


async def delete_card(session: AsyncSession, cache: DocumentCache, access: BoardAccess) -> None:
    writer = await open_board(session, cache, access.board_id, access.project_id)
    card = card_state(writer, access.subject_id)
    with writer.document.change():
        writer.document.delete_card(card.id)
    await writer.save(card_entry(access, card.id, "card.deleted", {"title": card.title}))


async def move_card(
    session: AsyncSession, cache: DocumentCache, access: BoardAccess, data: CardMove
) -> CardOut:
    """Move a card to a column, before or after a card there (else to its end); the column
    may be on another board of the project."""
    target_board = await repository.board_of_column(session, data.column_id, access.project_id)
    if target_board is None:
        raise InvalidField("column_id", "not a column of this project's boards")
    if target_board != access.board_id:
        return await _move_to_board(session, cache, access, target_board, data)
    writer = await open_board(session, cache, access.board_id, access.project_id)
    card = card_state(writer, access.subject_id)
    column = _column_on_board(writer, data.column_id, "column_id")
    overridden: dict[str, Any] = {}
    if column.id != card.column_id and not card.archived:
        overridden = await _check_wip(session, column, card.id, override=data.override_wip)
    position = await _position_in(session, writer, column, card.id, data)
    with writer.document.change():
        writer.document.set_card(card.id, column_id=column.id, position=position)
    moved = {"from_column_id": str(card.column_id), "to_column_id": str(column.id)}
    await writer.save(card_entry(access, card.id, "card.moved", moved | overridden))
    return await card_state_out(session, writer, card.id)


async def _move_to_board(
    session: AsyncSession,
    cache: DocumentCache,
    access: BoardAccess,
    board_id: UUID,
    data: CardMove,
) -> CardOut:
    """The card leaves its board's document and joins the other's, in one transaction; its
    row (and so its comments and history) stays, pointing at the new board."""
    # Both boards are held until commit: take them in one global order, so two moves in
    # opposite directions cannot deadlock.
    writers = {}
    for held in sorted((access.board_id, board_id)):
        writers[held] = await open_board(session, cache, held, access.project_id)
    source, target = writers[access.board_id], writers[board_id]
    card = card_state(source, access.subject_id)
    column = _column_on_board(target, data.column_id, "column_id")
    overridden = (
        {}
        if card.archived
        else await _check_wip(session, column, card.id, override=data.override_wip)
    )
    position = await _position_in(session, target, column, card.id, data)
    await repository.rehome(session, card.id, board_id)
    with source.document.change():
        source.document.delete_card(card.id)
    await source.save()
    with target.document.change():
        target.document.put_card(replace(card, column_id=column.id, position=position))
    moved = {
        "from_board_id": str(access.board_id),
        "to_board_id": str(board_id),
        "from_column_id": str(card.column_id),
        "to_column_id": str(column.id),
    }
    await target.save(card_entry(access, card.id, "card.moved", moved | overridden))
    return await card_state_out(session, target, card.id)


async def put_card_after(
    session: AsyncSession, writer: BoardWriter, anchor: CardState, title: str, *, override_wip: bool
) -> tuple[CardState, dict[str, Any]]:
    """Write a new card right after `anchor` in its column (not saved yet); returns it and
    the WIP override to audit, if one was needed."""
    if anchor.column_id is None:
        raise InvalidField("card_id", "the card is in no column; move it to one first")
    column = _column_on_board(writer, anchor.column_id, "column_id")
    overridden = await _check_wip(session, column, None, override=override_wip)
    card_id = uuid4()
    after_anchor = CardMove(column_id=column.id, after_card_id=anchor.id)
    position = await _position_in(session, writer, column, card_id, after_anchor)
    card = CardState(id=card_id, column_id=column.id, title=title, position=position)
    writer.document.put_card(card)
    return card, overridden


async def move_to_end(
    writer: BoardWriter, session: AsyncSession, cards: list[UUID], column: ColumnState
) -> None:
    """Append `cards`, in order, to `column` (used when a column is deleted)."""
    with writer.document.change():
        for card_id in cards:
            position = await _end_of(session, writer, column.id)
            writer.document.set_card(card_id, column_id=column.id, position=position)
    await writer.save()


async def _position_in(
    session: AsyncSession, writer: BoardWriter, column: ColumnState, moving: UUID, data: CardMove
) -> str:
    anchor_id = data.before_card_id or data.after_card_id
    if anchor_id is None:
        return await _end_of(session, writer, column.id)
    field = "before_card_id" if data.before_card_id else "after_card_id"
    anchor = writer.document.card(anchor_id)
    if anchor is None or anchor.column_id != column.id or anchor.id == moving:
        raise InvalidField(field, "must be another card in the target column")
    before = data.before_card_id is not None
    neighbour = await repository.neighbour_position(
        session, column.id, anchor.position, before=before, moving=moving
    )
    if before:
        return position_between(neighbour, anchor.position)
    return position_between(anchor.position, neighbour)


async def _end_of(session: AsyncSession, writer: BoardWriter, column_id: UUID) -> str:
    """A position after every card of the column (archived ones too)."""
    ends = writer.entry.column_ends
    last = (
        ends[column_id] if column_id in ends else await repository.last_position(session, column_id)
    )
    ends[column_id] = position_between(last, None)
    return ends[column_id]


async def _check_wip(
    session: AsyncSession, column: ColumnState, moving: UUID | None, *, override: bool
) -> dict[str, Any]:
    """Conflict if one more card would exceed the limit, unless overridden (then audited)."""
    if column.wip_limit is None:
        return {}
    count = await repository.count_active(session, column.id, excluding=moving)
    if count < column.wip_limit:
        return {}
    if override:
        return {"wip_override": True, "wip_limit": column.wip_limit}
    raise Conflict(
        f'Column "{column.name}" is at its WIP limit of {column.wip_limit}; finish something '
        'first, or send "override_wip": true to exceed it.',
        details={"column_id": str(column.id), "wip_limit": column.wip_limit, "cards": count},
    )


async def _check_parent(
    session: AsyncSession, project_id: UUID, card_id: UUID | None, parent_id: UUID
) -> None:
    """A parent is a card of the project (on any board, archived or not), and neither the
    card itself nor one of its subtasks, however deep (`card_id` None: a new card)."""
    if parent_id == card_id:
        raise InvalidField("parent_id", "a card cannot be its own parent")
    chain = await repository.parent_chain(session, parent_id, project_id)
    if not chain:
        raise InvalidField("parent_id", "not a card of this project")
    if card_id in chain:
        raise InvalidField(
            "parent_id",
            "that card is a subtask of this one; a card cannot be a subtask of its subtask",
        )


def _column_on_board(writer: BoardWriter, column_id: UUID, field: str) -> ColumnState:
    column = writer.document.column(column_id)
    if column is None:
        raise InvalidField(field, "not a column of this board")
    return column


def card_state(writer: BoardWriter, card_id: UUID) -> CardState:
    card = writer.document.card(card_id)
    if card is None:  # deleted by someone else since the access check
        raise Forbidden()
    return card


async def card_state_out(session: AsyncSession, writer: BoardWriter, card_id: UUID) -> CardOut:
    """The card as the document holds it now (the projection is written at save)."""
    card = card_state(writer, card_id)
    return CardOut(
        id=card.id,
        board_id=writer.board_id,
        column_id=card.column_id,
        parent_id=card.parent_id,
        title=card.title,
        description=card.description,
        labels=list(card.labels),
        assignee_ids=list(card.assignee_ids),
        due=card.due,
        due_done=card.due_done,
        archived=card.archived,
        checklists=[
            ChecklistOut(
                id=checklist.id,
                title=checklist.title,
                items=[
                    ChecklistItemOut(id=item.id, text=item.text, done=item.done)
                    for item in checklist.items
                ],
            )
            for checklist in card.checklists
        ],
        comment_count=(await comment_counts(session, [card.id])).get(card.id, 0),
    )


def card_entry(access: BoardAccess, card_id: UUID, action: str, data: dict[str, Any]) -> AuditEntry:
    return AuditEntry(access.user_id, action, "card", card_id, access.project_id, data)


async def card_history(
    session: AsyncSession, access: BoardAccess, limit: int
) -> list[AuditEventOut]:
    events = await repository.history(session, access.subject_id, limit)
    return [AuditEventOut.model_validate(event, from_attributes=True) for event in events]
