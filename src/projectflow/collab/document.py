"""`BoardDocument`: one board's Yjs document, with typed reads and writes.

Shape (DESIGN §5): `columns`: Y.Map id → Y.Map {name, position, wip_limit};
`cards`: Y.Map id → Y.Map {title, description (Y.Text), column_id, position, labels (Y.Map
label → true), assignees (Y.Map user id → true), due (ISO-8601), due_done, archived,
checklists (Y.Map id → Y.Map {title, position, items: Y.Map id → Y.Map {text, done,
position}}), parent_id (the id of the card this one is a subtask of, any board of the project,
or null)}; columns also carry `done`. Positions are
fractional-index strings, so a move is two key writes and a concurrent move of the same card
can never duplicate it. Sets are Y.Maps so concurrent additions merge.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from pycrdt import Doc, Map, Text, TransactionEvent, merge_updates

from projectflow.collab.state import (
    CardState,
    ChecklistItemState,
    ChecklistState,
    ColumnState,
    read_card,
    read_column,
)


@dataclass
class Changes:
    """Ids of columns and cards touched since the last `take_changes()`."""

    column_ids: set[str] = field(default_factory=set)
    card_ids: set[str] = field(default_factory=set)


class MalformedUpdate(ValueError):
    pass


class BoardDocument:
    def __init__(self) -> None:
        self.doc: Doc[Any] = Doc()
        self.columns = self.doc.get("columns", type=Map)
        self.cards = self.doc.get("cards", type=Map)
        self._changes = Changes()
        self._updates: list[bytes] = []
        # Ids of columns and cards known to belong to this board (checked, or made here): the
        # projection asks the database only about the others (projection.py).
        self.verified_ids: set[UUID] = set()
        self._applying = False
        # Kept: dropping a subscription object unsubscribes it.
        self._subscriptions = [
            self.doc.observe(self._on_transaction),
            self.columns.observe_deep(lambda events: self._on_events(events, "column")),
            self.cards.observe_deep(lambda events: self._on_events(events, "card")),
        ]

    @property
    def client_id(self) -> int:
        return self.doc.client_id

    # -- sync ---------------------------------------------------------------------------

    def apply_update(self, update: bytes) -> None:
        """Merge an update from elsewhere; MalformedUpdate if it cannot be decoded."""
        self.apply_updates([update])

    def apply_updates(self, updates: list[bytes]) -> None:
        """Merge updates from elsewhere in one transaction (for thousands of small updates,
        ten times faster than merging them first)."""
        self._applying = True
        try:
            with self.doc.transaction():
                for update in updates:
                    self.doc.apply_update(update)
        except (ValueError, RuntimeError) as error:
            # yrs: ValueError for bytes it cannot decode, RuntimeError for a struct whose
            # parent in this document is no shared type.
            raise MalformedUpdate(str(error)) from error
        except BaseException as error:
            if type(error).__name__ != "PanicException":  # pyo3: a panic inside yrs
                raise
            raise MalformedUpdate(f"the update could not be applied ({error})") from None
        finally:
            self._applying = False

    def full_state(self) -> bytes:
        return self.doc.get_update()

    def state_vector(self) -> bytes:
        return self.doc.get_state()

    def missing_since(self, state_vector: bytes) -> bytes:
        """What a peer with `state_vector` lacks; MalformedUpdate for a bad state vector."""
        try:
            return self.doc.get_update(state_vector)
        except ValueError as error:
            raise MalformedUpdate(str(error)) from error

    @contextmanager
    def change(self) -> Iterator[None]:
        """Group writes into one transaction, hence one update."""
        with self.doc.transaction():
            yield

    def take_update(self) -> bytes | None:
        """The update made by local writes since the last call (None if nothing changed)."""
        updates, self._updates = self._updates, []
        if not updates:
            return None
        return updates[0] if len(updates) == 1 else merge_updates(*updates)

    def pending_changes(self) -> Changes:
        """What `take_changes()` would return, left in place."""
        return self._changes

    def take_changes(self) -> Changes:
        changes, self._changes = self._changes, Changes()
        return changes

    def _on_transaction(self, event: TransactionEvent) -> None:
        if not self._applying:  # applied updates are stored by whoever made them
            self._updates.append(event.update)

    def _on_events(self, events: Iterable[Any], kind: str) -> None:
        touched = self._changes.column_ids if kind == "column" else self._changes.card_ids
        for event in events:
            if event.path:
                touched.add(str(event.path[0]))
            else:
                touched.update(str(key) for key in event.keys)

    # -- reads ----------------------------------------------------------------------------

    def holds(self, item_id: UUID) -> bool:
        """Whether a column or card with this id is in the document."""
        key = str(item_id)
        return key in self.cards or key in self.columns

    def column(self, column_id: UUID | str) -> ColumnState | None:
        key = str(column_id)
        return read_column(key, self.columns.get(key))

    def all_columns(self) -> list[ColumnState]:
        states = (read_column(key, value) for key, value in self.columns.items())
        return sorted((s for s in states if s), key=lambda s: (s.position, str(s.id)))

    def column_ids(self) -> set[UUID]:
        return {column.id for column in self.all_columns()}

    def card(self, card_id: UUID | str, column_ids: set[UUID] | None = None) -> CardState | None:
        key = str(card_id)
        known = self.column_ids() if column_ids is None else column_ids
        return read_card(key, self.cards.get(key), known)

    def all_cards(self) -> list[CardState]:
        column_ids = self.column_ids()
        states = (read_card(key, value, column_ids) for key, value in self.cards.items())
        return sorted((s for s in states if s), key=lambda s: (s.position, str(s.id)))

    # -- writes ---------------------------------------------------------------------------

    def put_column(self, column: ColumnState) -> None:
        self.columns[str(column.id)] = Map(
            {
                "name": column.name,
                "position": column.position,
                "wip_limit": column.wip_limit,
                "done": column.done,
            }
        )

    def set_column(self, column_id: UUID, **fields: object) -> None:
        entry = self.columns[str(column_id)]
        for name, value in fields.items():
            entry[name] = value

    def delete_column(self, column_id: UUID) -> None:
        del self.columns[str(column_id)]

    def put_card(self, card: CardState) -> None:
        self.cards[str(card.id)] = Map(
            {
                "title": card.title,
                "description": Text(card.description),
                "column_id": str(card.column_id) if card.column_id else None,
                "position": card.position,
                "labels": Map(dict.fromkeys(card.labels, True)),
                "assignees": Map({str(user_id): True for user_id in card.assignee_ids}),
                "due": _iso(card.due),
                "due_done": card.due_done,
                "archived": card.archived,
                "checklists": Map(
                    {str(checklist.id): _checklist_map(checklist) for checklist in card.checklists}
                ),
                "parent_id": str(card.parent_id) if card.parent_id else None,
            }
        )

    def set_card(self, card_id: UUID, **fields: object) -> None:
        """Write only the given fields (so concurrent edits of other fields survive)."""
        entry = self.cards[str(card_id)]
        for name, value in fields.items():
            if name == "description":
                _replace_text(entry, str(value))
            elif name in ("labels", "assignee_ids"):
                _replace_set(entry, "labels" if name == "labels" else "assignees", value)
            elif name in ("column_id", "parent_id"):
                entry[name] = str(value) if value else None
            elif name == "due":
                entry[name] = _iso(value)
            else:
                entry[name] = value

    def delete_card(self, card_id: UUID) -> None:
        del self.cards[str(card_id)]

    # -- checklists (each write touches only its own entry, so concurrent edits merge) ----

    def put_checklist(self, card_id: UUID, checklist: ChecklistState) -> None:
        entry = self.cards[str(card_id)]
        checklists = entry.get("checklists")
        if not isinstance(checklists, Map):
            checklists = entry["checklists"] = Map()
        checklists[str(checklist.id)] = _checklist_map(checklist)

    def set_checklist(self, card_id: UUID, checklist_id: UUID, **fields: object) -> None:
        entry = self._checklist(card_id, checklist_id)
        for name, value in fields.items():
            entry[name] = value

    def delete_checklist(self, card_id: UUID, checklist_id: UUID) -> None:
        del self.cards[str(card_id)]["checklists"][str(checklist_id)]

    def put_checklist_item(
        self, card_id: UUID, checklist_id: UUID, item: ChecklistItemState
    ) -> None:
        items = self._checklist(card_id, checklist_id).get("items")
        if not isinstance(items, Map):
            items = self._checklist(card_id, checklist_id)["items"] = Map()
        items[str(item.id)] = _item_map(item)

    def set_checklist_item(
        self, card_id: UUID, checklist_id: UUID, item_id: UUID, **fields: object
    ) -> None:
        entry = self._checklist(card_id, checklist_id)["items"][str(item_id)]
        for name, value in fields.items():
            entry[name] = value

    def delete_checklist_item(self, card_id: UUID, checklist_id: UUID, item_id: UUID) -> None:
        del self._checklist(card_id, checklist_id)["items"][str(item_id)]

    def _checklist(self, card_id: UUID, checklist_id: UUID) -> Map[Any]:
        checklist: Map[Any] = self.cards[str(card_id)]["checklists"][str(checklist_id)]
        return checklist


def _checklist_map(checklist: ChecklistState) -> Map[Any]:
    return Map(
        {
            "title": checklist.title,
            "position": checklist.position,
            "items": Map({str(item.id): _item_map(item) for item in checklist.items}),
        }
    )


def _item_map(item: ChecklistItemState) -> Map[Any]:
    return Map({"text": item.text, "done": item.done, "position": item.position})


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _replace_text(entry: Map[Any], value: str) -> None:
    text = entry.get("description")
    if not isinstance(text, Text):
        entry["description"] = Text(value)
    elif str(text) != value:
        text.clear()
        text += value


def _replace_set(entry: Map[Any], key: str, members: object) -> None:
    wanted = {str(member) for member in members} if isinstance(members, Iterable) else set()
    current = entry.get(key)
    if not isinstance(current, Map):
        entry[key] = Map(dict.fromkeys(wanted, True))
        return
    for member in set(current.keys()) - wanted:
        del current[member]
    for member in wanted - set(current.keys()):
        current[member] = True
