"""Project a board document's changes into the `columns` and `cards` tables.

Runs in the same transaction as the update that caused the changes, so the relational view never
disagrees with the stored document.
"""

import json
from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit.service import COLUMNS as AUDIT_COLUMNS
from projectflow.audit.service import AuditEntry
from projectflow.collab.document import BoardDocument, Changes
from projectflow.collab.state import CardState, ChecklistState, ColumnState, parse_uuid
from projectflow.kit.errors import Conflict
from projectflow.models import Card, Column

_CARD_FIELDS = (
    "column_id",
    "title",
    "description",
    "labels",
    "assignee_ids",
    "due",
    "due_done",
    "archived",
    "position",
    "checklists",
    "parent_id",
)
_JSONB_FIELDS = {"checklists"}
# Built once: on the hot path (every card write) composing the statement cost more than
# running it. Run with one parameter set per card (executemany).
_UPSERT_CARD_SQL = (
    "INSERT INTO cards (id, board_id, project_id, " + ", ".join(_CARD_FIELDS) + ") "
    "VALUES (:id, :board_id, :project_id, "
    + ", ".join(f"CAST(:{f} AS jsonb)" if f in _JSONB_FIELDS else f":{f}" for f in _CARD_FIELDS)
    + ") "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{f} = excluded.{f}" for f in _CARD_FIELDS)
    + ", updated_at = now() WHERE cards.board_id = excluded.board_id"
)
_UPSERT_CARD = text(_UPSERT_CARD_SQL)
# The common write (one card changed, one audit row) as a single round trip, because the
# board's lock is held until commit and every round trip under it limits writes per board.
_STORE_UPDATE_CTE = (
    "WITH stored AS (INSERT INTO crdt_updates (doc_id, project_id, client_id, seq, update) "
    "VALUES (:doc_id, :project_id, :client_id, :seq, :update) "
    "ON CONFLICT (doc_id, client_id, seq) DO NOTHING RETURNING id)"
)
_AUDIT_CTE = (
    f", audited AS (INSERT INTO audit_outbox ({', '.join(AUDIT_COLUMNS)}) VALUES ("
    + ", ".join(
        f"CAST(:audit_{c} AS jsonb)" if c == "data" else f":audit_{c}" for c in AUDIT_COLUMNS
    )
    + "))"
)
_SAVE_CARD = text(f"{_STORE_UPDATE_CTE} {_UPSERT_CARD_SQL} RETURNING (SELECT id FROM stored)")
_SAVE_CARD_AUDITED = text(
    f"{_STORE_UPDATE_CTE}{_AUDIT_CTE} {_UPSERT_CARD_SQL} RETURNING (SELECT id FROM stored)"
)


# A new board's whole projection from JSON made elsewhere (transfers/prepare.py, in a worker
# process): PostgreSQL parses it, so the API process spends no CPU per card.
_INSERT_COLUMNS_JSON = text("""
INSERT INTO columns (id, board_id, project_id, name, position, wip_limit, done)
SELECT r.id, :board_id, :project_id, r.name, r.position, r.wip_limit, coalesce(r.done, false)
FROM jsonb_to_recordset(CAST(:rows AS jsonb))
    AS r(id uuid, name text, position text, wip_limit integer, done boolean)
""")
# Checklists arrive as ChecklistState fields (with positions, in order) and are stored as
# `checklists_json` writes them: [{id, title, items: [{id, text, done}]}], order kept.
_INSERT_CARDS_JSON = text("""
INSERT INTO cards (id, board_id, project_id, column_id, title, description, labels,
                   assignee_ids, due, due_done, archived, checklists, position, parent_id)
SELECT r.id, :board_id, :project_id, r.column_id, r.title, r.description, r.labels,
       r.assignee_ids, r.due, coalesce(r.due_done, false), r.archived,
       coalesce((
           SELECT jsonb_agg(jsonb_build_object(
                      'id', c.value -> 'id',
                      'title', c.value -> 'title',
                      'items', coalesce((
                          SELECT jsonb_agg(jsonb_build_object(
                                     'id', i.value -> 'id',
                                     'text', i.value -> 'text',
                                     'done', coalesce(i.value -> 'done', 'false'))
                                 ORDER BY i.ordinality)
                          FROM jsonb_array_elements(c.value -> 'items') WITH ORDINALITY AS i
                      ), '[]'))
                  ORDER BY c.ordinality)
           FROM jsonb_array_elements(r.checklists) WITH ORDINALITY AS c
       ), '[]'),
       r.position, r.parent_id
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(
    id uuid, column_id uuid, title text, description text, labels text[], assignee_ids uuid[],
    due timestamptz, due_done boolean, archived boolean, checklists jsonb, position text,
    parent_id uuid)
""")


@dataclass(frozen=True)
class CardChange:
    """What happened to one card, for the audit trail: created, updated, moved, archived,
    unarchived or deleted."""

    card_id: UUID
    action: str


async def project_changes(
    session: AsyncSession,
    *,
    board_id: UUID,
    project_id: UUID,
    document: BoardDocument,
    changes: Changes,
    trusted: bool = False,
) -> list[CardChange]:
    """Bring the projection in line with `document` for everything in `changes`.

    `trusted`: the changes are this process's own writes through the REST API (ids it made,
    no column re-appearing), so the checks for what a foreign client may do are skipped, and
    no card changes are reported (the caller audits what it did).
    """
    column_ids = document.column_ids()
    touched_columns = {uid for key in changes.column_ids if (uid := parse_uuid(key))}
    card_ids = {uid for key in changes.card_ids if (uid := parse_uuid(key))}
    # An id that leaves the board (deleted, moved to another board) must be checked again if
    # it comes back.
    document.verified_ids -= {uid for uid in card_ids | touched_columns if not document.holds(uid)}
    if trusted:
        await _project_columns(session, board_id, project_id, document, touched_columns)
        states = {card_id: document.card(card_id, column_ids) for card_id in card_ids}
        await _write_cards(session, board_id, project_id, states)
        return []
    named = touched_columns | card_ids
    await _refuse_foreign_ids(session, board_id, named - document.verified_ids)
    created = await _project_columns(session, board_id, project_id, document, touched_columns)
    # A column that (re)appears may be where existing cards already point.
    if created:
        card_ids |= {card.id for card in document.all_cards() if card.column_id in created}
    states = {card_id: document.card(card_id, column_ids) for card_id in card_ids}
    changes_made = await _project_cards(session, board_id, project_id, states)
    document.verified_ids |= {uid for uid in named if document.holds(uid)}
    return changes_made


async def _refuse_foreign_ids(session: AsyncSession, board_id: UUID, ids: set[UUID]) -> None:
    """A document may only name columns and cards of its own board."""
    if not ids:
        return
    taken = list(await session.scalars(select(func.crdt_ids_used_elsewhere(board_id, list(ids)))))
    if taken:
        raise Conflict(
            "The update names columns or cards by ids that belong to another board; "
            "give them new ids.",
            details={"ids": sorted(str(taken_id) for taken_id in taken)},
        )


async def _project_columns(
    session: AsyncSession,
    board_id: UUID,
    project_id: UUID,
    document: BoardDocument,
    column_ids: set[UUID],
) -> set[UUID]:
    """Upsert or delete the columns; returns those that did not exist before."""
    if not column_ids:
        return set()
    existing = set(await session.scalars(select(Column.id).where(Column.id.in_(column_ids))))
    gone = []
    for column_id in column_ids:
        state = document.column(column_id)
        if state is None:
            gone.append(column_id)
        else:
            await _upsert_column(session, board_id, project_id, state)
    if gone:
        await session.execute(delete(Column).where(Column.id.in_(gone)))
        # Cards left in a deleted column have none now (the board view shows them first).
        await session.execute(
            update(Card)
            .where(Card.column_id.in_(gone))
            .values(column_id=None, updated_at=func.now())
        )
    return {column_id for column_id in column_ids if column_id not in existing} - set(gone)


async def _upsert_column(
    session: AsyncSession, board_id: UUID, project_id: UUID, state: ColumnState
) -> None:
    values = asdict(state) | {"board_id": board_id, "project_id": project_id}
    statement = insert(Column).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Column.id],
            set_={
                "name": state.name,
                "position": state.position,
                "wip_limit": state.wip_limit,
                "done": state.done,
            },
        )
    )


async def _project_cards(
    session: AsyncSession,
    board_id: UUID,
    project_id: UUID,
    states: dict[UUID, CardState | None],
) -> list[CardChange]:
    if not states:
        return []
    rows = await session.execute(
        select(Card.id, Card.column_id, Card.archived).where(Card.id.in_(states))
    )
    before = {row.id: row for row in rows}
    await _write_cards(session, board_id, project_id, states)
    gone = [card_id for card_id, state in states.items() if state is None and card_id in before]
    present = [state for state in states.values() if state is not None]
    changes = [CardChange(card_id, "deleted") for card_id in gone]
    return changes + [_card_change(state, before.get(state.id)) for state in present]


async def _write_cards(
    session: AsyncSession, board_id: UUID, project_id: UUID, states: dict[UUID, CardState | None]
) -> None:
    gone = [card_id for card_id, state in states.items() if state is None]
    if gone:
        await session.execute(delete(Card).where(Card.id.in_(gone), Card.board_id == board_id))
    present = [state for state in states.values() if state is not None]
    if present:
        await upsert_cards(session, board_id, project_id, present)


async def upsert_cards(
    session: AsyncSession, board_id: UUID, project_id: UUID, cards: list[CardState]
) -> None:
    rows = [_card_row(card, board_id, project_id) for card in cards]
    await session.execute(_UPSERT_CARD, rows)


async def save_card_write(
    session: AsyncSession,
    update_row: dict[str, Any],
    card: CardState,
    board_id: UUID,
    audit: AuditEntry | None,
) -> int | None:
    """Store an update, project the one card it changed and write its audit row, in one
    statement; returns the update's id (None if it was stored before)."""
    params = update_row | _card_row(card, board_id, update_row["project_id"])
    statement = _SAVE_CARD
    if audit is not None:
        statement = _SAVE_CARD_AUDITED
        row = audit.row()
        row["data"] = json.dumps(row["data"])
        params |= {f"audit_{name}": value for name, value in row.items()}
    update_id: int | None = await session.scalar(statement, params)
    return update_id


async def insert_projection_json(
    session: AsyncSession,
    board_id: UUID,
    project_id: UUID,
    *,
    columns_json: bytes,
    cards_json: bytes,
) -> None:
    """Project a new board from JSON arrays of ColumnState and CardState fields (as
    `to_json` writes the dataclasses; `done`, `due_done`, `checklists` and `parent_id` may be left
    out)."""
    ids = {"board_id": board_id, "project_id": project_id}
    await session.execute(_INSERT_COLUMNS_JSON, ids | {"rows": columns_json.decode()})
    await session.execute(_INSERT_CARDS_JSON, ids | {"rows": cards_json.decode()})


def _card_row(card: CardState, board_id: UUID, project_id: UUID) -> dict[str, Any]:
    return (
        asdict(card)
        | {"labels": list(card.labels), "assignee_ids": list(card.assignee_ids)}
        | {"checklists": checklists_json(card.checklists)}
        | {"board_id": board_id, "project_id": project_id}
    )


def checklists_json(checklists: tuple[ChecklistState, ...]) -> str:
    """The projection of a card's checklists: `[{id, title, items: [{id, text, done}]}]`."""
    return json.dumps(
        [
            {
                "id": str(checklist.id),
                "title": checklist.title,
                "items": [
                    {"id": str(item.id), "text": item.text, "done": item.done}
                    for item in checklist.items
                ],
            }
            for checklist in checklists
        ]
    )


def _card_change(state: CardState, before: Any) -> CardChange:
    if before is None:
        return CardChange(state.id, "created")
    if before.archived != state.archived:
        return CardChange(state.id, "archived" if state.archived else "unarchived")
    if before.column_id != state.column_id:
        return CardChange(state.id, "moved")
    return CardChange(state.id, "updated")
