"""REST's rules, applied to what a Yjs update wrote.

A Yjs client can write any value anywhere in the document, so before an update is stored every
column and card it touched is validated field by field with the very types REST's request
schemas use (`boards/schemas.py`, `cards/schemas.py`), against the board's size caps, and — by
the caller — against the rule that assignees are members. A violation is a 422 naming the field
(`cards.<id>.title`); nothing of the update is stored.
"""

import math
from typing import Annotated, Any
from uuid import UUID

from pycrdt import Map, Text
from pydantic import Field, TypeAdapter, ValidationError

from projectflow.boardfiles import model as limits
from projectflow.boards.schemas import (
    AssigneeIds,
    ChecklistItemText,
    ChecklistTitle,
    ColumnName,
    Description,
    Labels,
    Title,
    WipLimit,
)
from projectflow.cards.schemas import DueDate
from projectflow.collab.document import BoardDocument, Changes
from projectflow.collab.state import parse_uuid
from projectflow.kit.errors import InvalidField
from projectflow.kit.fields import JsonBool
from projectflow.kit.fields import Text as Storable

# Positions are made by clients (fractional-index keys), not typed by people: kept as written.
Position = Storable[Annotated[str, Field(min_length=1, max_length=200)]]

_COLUMN_FIELDS: dict[str, TypeAdapter[Any]] = {
    "name": TypeAdapter(ColumnName),
    "position": TypeAdapter(Position),
    "wip_limit": TypeAdapter(WipLimit | None),
    "done": TypeAdapter(JsonBool),
}
_CARD_FIELDS: dict[str, TypeAdapter[Any]] = {
    "title": TypeAdapter(Title),
    "description": TypeAdapter(Description),
    "position": TypeAdapter(Position),
    "column_id": TypeAdapter(UUID | None),
    "labels": TypeAdapter(Labels),
    "assignees": TypeAdapter(AssigneeIds),
    "due": TypeAdapter(DueDate),
    "due_done": TypeAdapter(JsonBool),
    "archived": TypeAdapter(JsonBool),
    # Any UUID: the parent may be on another board of the project, or deleted since (readers
    # treat a card that is not there as no parent; a card naming itself has none).
    "parent_id": TypeAdapter(UUID | None),
}
_CHECKLIST_FIELDS: dict[str, TypeAdapter[Any]] = {
    "title": TypeAdapter(ChecklistTitle),
    "position": TypeAdapter(Position),
}
_ITEM_FIELDS: dict[str, TypeAdapter[Any]] = {
    "text": TypeAdapter(ChecklistItemText),
    "position": TypeAdapter(Position),
    "done": TypeAdapter(JsonBool),
}
# What a field holds when a client left it out (REST always writes all of them).
_ABSENT = {"description": "", "archived": False, "due_done": False, "done": False}


def check_changes(document: BoardDocument, changes: Changes) -> set[UUID]:
    """Check everything `changes` touched; returns the assignees the touched cards name (the
    caller checks that they are members)."""
    if changes.column_ids and len(document.columns) > limits.MAX_COLUMNS:
        raise InvalidField("columns", f"a board holds at most {limits.MAX_COLUMNS} columns")
    if changes.card_ids and len(document.cards) > limits.MAX_CARDS:
        raise InvalidField("cards", f"a board holds at most {limits.MAX_CARDS:,} cards")
    for key in changes.column_ids:
        if (value := document.columns.get(key)) is not None:
            _check(f"columns.{key}", key, value, _COLUMN_FIELDS)
    assignees: set[UUID] = set()
    for key in changes.card_ids:
        if (value := document.cards.get(key)) is not None:
            assignees.update(_check(f"cards.{key}", key, value, _CARD_FIELDS)["assignees"])
            _check_checklists(f"cards.{key}.checklists", value.get("checklists"))
    return assignees


def _check_checklists(field: str, value: object) -> None:
    """Absent, or a map of checklists each with a map of items, within the caps."""
    if value is None:
        return
    checklists = _bounded_map(field, value, limits.MAX_CHECKLISTS_PER_CARD, "checklists")
    for key, checklist in checklists.items():
        _check(f"{field}.{key}", key, checklist, _CHECKLIST_FIELDS)
        items = checklist.get("items")
        if items is not None:
            items_field = f"{field}.{key}.items"
            entries = _bounded_map(items_field, items, limits.MAX_CHECKLIST_ITEMS, "items")
            for item_key, item in entries.items():
                _check(f"{items_field}.{item_key}", item_key, item, _ITEM_FIELDS)


def _bounded_map(field: str, value: object, limit: int, what: str) -> Map[Any]:
    if not isinstance(value, Map):
        raise InvalidField(field, "must be a map")
    if len(value) > limit:
        raise InvalidField(field, f"holds at most {limit} {what}")
    return value


def _check(
    field: str, key: str, value: object, adapters: dict[str, TypeAdapter[Any]]
) -> dict[str, Any]:
    """Each field of a column's or card's Y.Map, validated; returns the validated values."""
    if parse_uuid(key) is None:
        raise InvalidField(field, "ids of columns and cards must be UUIDs")
    if not isinstance(value, Map):
        raise InvalidField(field, "must be a map of fields")
    checked = {}
    for name, adapter in adapters.items():
        try:
            checked[name] = adapter.validate_python(
                _plain(name, value.get(name, _ABSENT.get(name)))
            )
        except ValidationError as error:
            raise InvalidField(f"{field}.{name}", error.errors()[0]["msg"]) from None
    return checked


def _plain(name: str, value: object) -> object:
    """A document value in the form REST takes it: text as a string, sets (Y.Maps of member →
    true, or nothing) as lists, whole numbers from JavaScript (which may arrive as floats) as
    ints."""
    if isinstance(value, Text):
        return str(value)
    if name in ("labels", "assignees"):
        return _members(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _members(value: object) -> object:
    if value is None:
        return []
    if not isinstance(value, Map):
        return value  # refused by the list type, with its message
    if any(present is not True for present in value.values()):
        return None  # "a valid list": every entry must map to true
    return list(value.keys())
