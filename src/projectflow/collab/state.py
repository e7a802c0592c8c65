"""Plain snapshots of a document's columns and cards, read tolerantly.

A document can be written by any Yjs client, so every field is read defensively: whatever a
client stored, the projection gets a well-formed value (or the item is skipped when its id is
not a UUID). The relational projection and the property tests both use these readers, so "the
projection equals the document" has one meaning.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from pycrdt import Array, Map, Text

from projectflow.boardfiles.model import (
    MAX_CHECKLIST_ITEM,
    MAX_CHECKLIST_ITEMS,
    MAX_CHECKLIST_TITLE,
    MAX_CHECKLISTS_PER_CARD,
    MAX_COLUMN_NAME,
    MAX_DESCRIPTION,
    MAX_LABEL,
    MAX_TITLE,
)
from projectflow.boardfiles.model import MAX_LABELS_PER_CARD as MAX_LABELS


@dataclass(frozen=True)
class ColumnState:
    id: UUID
    name: str
    position: str
    wip_limit: int | None = None
    done: bool = False


@dataclass(frozen=True)
class ChecklistItemState:
    id: UUID
    text: str
    position: str
    done: bool = False


@dataclass(frozen=True)
class ChecklistState:
    id: UUID
    title: str
    position: str
    items: tuple[ChecklistItemState, ...] = ()


@dataclass(frozen=True)
class CardState:
    id: UUID
    column_id: UUID | None
    title: str
    position: str
    description: str = ""
    labels: tuple[str, ...] = ()
    assignee_ids: tuple[UUID, ...] = ()
    due: datetime | None = None
    due_done: bool = False
    archived: bool = False
    checklists: tuple[ChecklistState, ...] = ()
    # The card this one is a subtask of (any board of the project; it may no longer exist).
    parent_id: UUID | None = None


def parse_uuid(value: object) -> UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return UUID(value)
    except ValueError:
        return None


def read_column(key: str, value: object) -> ColumnState | None:
    column_id = parse_uuid(key)
    if column_id is None or not isinstance(value, Map):
        return None
    return ColumnState(
        id=column_id,
        name=_text(value.get("name"), MAX_COLUMN_NAME) or "Untitled",
        position=_text(value.get("position"), 200),
        wip_limit=_positive_int(value.get("wip_limit")),
        done=value.get("done") is True,
    )


def read_card(key: str, value: object, column_ids: set[UUID]) -> CardState | None:
    """`column_ids`: the document's columns; a card pointing elsewhere has no column."""
    card_id = parse_uuid(key)
    if card_id is None or not isinstance(value, Map):
        return None
    column_id = parse_uuid(value.get("column_id"))
    parent_id = parse_uuid(value.get("parent_id"))
    return CardState(
        id=card_id,
        column_id=column_id if column_id in column_ids else None,
        title=_text(value.get("title"), MAX_TITLE),
        position=_text(value.get("position"), 200),
        description=_text(value.get("description"), MAX_DESCRIPTION),
        labels=_labels(value.get("labels")),
        assignee_ids=_uuid_set(value.get("assignees")),
        due=_datetime(value.get("due")),
        due_done=value.get("due_done") is True,
        archived=value.get("archived") is True,
        checklists=_checklists(value.get("checklists")),
        parent_id=parent_id if parent_id != card_id else None,
    )


def _checklists(value: object) -> tuple[ChecklistState, ...]:
    """A card's checklists (Y.Map id → Y.Map {title, position, items}) in order."""
    checklists = _entries(
        value,
        lambda checklist_id, entry: ChecklistState(
            id=checklist_id,
            title=_text(entry.get("title"), MAX_CHECKLIST_TITLE),
            position=_text(entry.get("position"), 200),
            items=_checklist_items(entry.get("items")),
        ),
    )
    return tuple(checklists[:MAX_CHECKLISTS_PER_CARD])


def _checklist_items(value: object) -> tuple[ChecklistItemState, ...]:
    items = _entries(
        value,
        lambda item_id, entry: ChecklistItemState(
            id=item_id,
            text=_text(entry.get("text"), MAX_CHECKLIST_ITEM),
            position=_text(entry.get("position"), 200),
            done=entry.get("done") is True,
        ),
    )
    return tuple(items[:MAX_CHECKLIST_ITEMS])


_Entry = TypeVar("_Entry", ChecklistState, ChecklistItemState)


def _entries(value: object, read: Callable[[UUID, Map[Any]], _Entry]) -> list[_Entry]:
    """A Y.Map of id → Y.Map read entry by entry (keys that are not UUIDs, and values that
    are not maps, skipped), in position order."""
    if not isinstance(value, Map):
        return []
    entries = [
        read(entry_id, entry)
        for key, entry in value.items()
        if (entry_id := parse_uuid(key)) is not None and isinstance(entry, Map)
    ]
    return sorted(entries, key=lambda entry: (entry.position, str(entry.id)))


def _text(value: object, limit: int) -> str:
    if isinstance(value, Text):
        value = str(value)
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "")[:limit]


def _positive_int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = int(value)
    return number if number > 0 and number == value else None


def _keys(value: object) -> list[str]:
    """Set-like members: the keys of a Y.Map (how we store sets), or the items of a list."""
    if isinstance(value, Map):
        return sorted(key for key, present in value.items() if present is True)
    if isinstance(value, Array | list):
        return [item for item in value if isinstance(item, str)]
    return []


def _labels(value: object) -> tuple[str, ...]:
    labels = sorted({label.strip()[:MAX_LABEL] for label in _keys(value) if label.strip()})
    return tuple(labels[:MAX_LABELS])


def _uuid_set(value: object) -> tuple[UUID, ...]:
    ids = {parse_uuid(item) for item in _keys(value)}
    return tuple(sorted(item for item in ids if item is not None))


def _datetime(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
