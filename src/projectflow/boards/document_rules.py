"""REST's rules, applied to what a Yjs update wrote.

A Yjs client can write any value anywhere in the document, so before an update is stored every
column and card it touched is checked field by field against the limits REST enforces (the same
constants as board files), the board's size caps, and the rule that assignees are members. A
violation is a 422 naming the field (`cards.<id>.title`); nothing of the update is stored.
"""

import math
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pycrdt import Map, Text

from projectflow.boardfiles import model as limits
from projectflow.collab.document import BoardDocument, Changes
from projectflow.collab.state import parse_uuid
from projectflow.kit.errors import InvalidField
from projectflow.kit.fields import EARLIEST, LATEST

MAX_POSITION = 200
MAX_ASSIGNEES = 50


def check_changes(document: BoardDocument, changes: Changes) -> set[UUID]:
    """Check everything `changes` touched; returns the assignees the touched cards name (the
    caller checks that they are members)."""
    if changes.column_ids and len(document.columns) > limits.MAX_COLUMNS:
        raise InvalidField("columns", f"a board holds at most {limits.MAX_COLUMNS} columns")
    if changes.card_ids and len(document.cards) > limits.MAX_CARDS:
        raise InvalidField("cards", f"a board holds at most {limits.MAX_CARDS:,} cards")
    for key in changes.column_ids:
        if (value := document.columns.get(key)) is not None:
            _check_column(f"columns.{key}", key, value)
    assignees: set[UUID] = set()
    for key in changes.card_ids:
        if (value := document.cards.get(key)) is not None:
            assignees |= _check_card(f"cards.{key}", key, value)
    return assignees


def _check_column(field: str, key: str, value: object) -> None:
    entry = _entry(field, key, value)
    _name(f"{field}.name", entry.get("name"), limits.MAX_COLUMN_NAME)
    _position(f"{field}.position", entry.get("position"))
    wip_limit = entry.get("wip_limit")
    if wip_limit is not None and _whole_number(wip_limit) not in range(1, limits.MAX_CARDS + 1):
        raise InvalidField(
            f"{field}.wip_limit", f"must be null or a whole number from 1 to {limits.MAX_CARDS:,}"
        )


def _check_card(field: str, key: str, value: object) -> set[UUID]:
    entry = _entry(field, key, value)
    _name(f"{field}.title", entry.get("title"), limits.MAX_TITLE)
    _text(f"{field}.description", entry.get("description", ""), limits.MAX_DESCRIPTION)
    _position(f"{field}.position", entry.get("position"))
    column_id = entry.get("column_id")
    if column_id is not None and parse_uuid(column_id) is None:
        raise InvalidField(f"{field}.column_id", "must be null or a column id")
    _labels(f"{field}.labels", entry.get("labels"))
    _due(f"{field}.due", entry.get("due"))
    if not isinstance(entry.get("archived", False), bool):
        raise InvalidField(f"{field}.archived", "must be true or false")
    return _assignees(f"{field}.assignees", entry.get("assignees"))


def _entry(field: str, key: str, value: object) -> Map[Any]:
    if parse_uuid(key) is None:
        raise InvalidField(field, "ids of columns and cards must be UUIDs")
    if not isinstance(value, Map):
        raise InvalidField(field, "must be a map of fields")
    return value


def _text(field: str, value: object, limit: int) -> str:
    if isinstance(value, Text):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidField(field, "must be text")
    if "\x00" in value:
        raise InvalidField(field, "must not contain NUL characters")
    if len(value) > limit:
        raise InvalidField(field, f"must be at most {limit:,} characters")
    return value


def _name(field: str, value: object, limit: int) -> None:
    if not _text(field, value, limit).strip():
        raise InvalidField(field, "must not be empty")


def _position(field: str, value: object) -> None:
    if not _text(field, value, MAX_POSITION):
        raise InvalidField(field, "must not be empty")


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        return None
    return int(value)


def _members(field: str, value: object, limit: int) -> list[str]:
    """A set as we store it: a Y.Map of member → true."""
    if value is None:
        return []
    if not isinstance(value, Map):
        raise InvalidField(field, "must be a map of member → true")
    members = list(value.keys())
    if len(members) > limit:
        raise InvalidField(field, f"must have at most {limit} entries")
    if any(value.get(member) is not True for member in members):
        raise InvalidField(field, "every entry must map to true")
    return members


def _labels(field: str, value: object) -> None:
    for label in _members(field, value, limits.MAX_LABELS_PER_CARD):
        _name(field, label, limits.MAX_LABEL)


def _assignees(field: str, value: object) -> set[UUID]:
    ids = _uuids(_members(field, value, MAX_ASSIGNEES))
    if ids is None:
        raise InvalidField(field, "every assignee must be a user id")
    return ids


def _uuids(values: Iterable[str]) -> set[UUID] | None:
    parsed = {parse_uuid(value) for value in values}
    return None if None in parsed else {uid for uid in parsed if uid is not None}


def _due(field: str, value: object) -> None:
    if value is None:
        return
    problem = "must be null or an ISO-8601 date-time between 1900 and 9999"
    if not isinstance(value, str) or len(value) > 64:
        raise InvalidField(field, problem)
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        in_range = EARLIEST <= moment <= LATEST
    except (ValueError, OverflowError):
        in_range = False
    if not in_range:
        raise InvalidField(field, problem)
