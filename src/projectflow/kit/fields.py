"""Field types for what a request may carry: values PostgreSQL can store, taken as JSON has them.

FastAPI validates a JSON body in pydantic's python mode (on the result of `json.loads`). There a
model-wide `strict=True` would also refuse the strings that UUIDs and datetimes arrive as, so
strictness is per field: `JsonInt`, `JsonBool` and `JsonDateTime` refuse "5", "yes" and 0, while
query parameters and headers (strings by nature) use the lax `UtcDateTime` and plain ints.
"""

import re
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetJsonSchemaHandler,
    Strict,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

# PostgreSQL's bigint.
BIGINT_MAX = 2**63 - 1
# Dates outside these are typing mistakes, and the lower bound keeps every value within
# Python's datetime once converted to UTC (year 1 at +14:00 would not be).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)

# NUL: PostgreSQL text cannot hold it. A lone surrogate: UTF-8 cannot encode it.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")

S = TypeVar("S", bound=str)
T = TypeVar("T")


def _storable(value: object) -> object:
    """Refuses what the database could not store, before the string's own constraints run."""
    if isinstance(value, str) and (found := _UNSTORABLE.search(value)):
        character = "a NUL character (\\u0000)" if found.group() == "\x00" else "a lone surrogate"
        raise PydanticCustomError(
            "string_unstorable", "must not contain {character}", {"character": character}
        )
    return value


# `Text[Annotated[str, StringConstraints(...)]]`: a string (never a number) without NUL or lone
# surrogates. Generic, so the inner constraints stay on the string itself (stripping before
# length checks, pydantic's own messages) and this check wraps them.
Text = Annotated[S, Strict(), BeforeValidator(_storable)]

NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Stripped of surrounding whitespace, and not empty after that (`Text[NonBlank]`)."""

JsonInt = Annotated[int, Strict()]
"""An integer, not "5" nor 5.0 nor true."""

JsonBool = Annotated[bool, Strict()]
"""true or false, not "yes" nor 1."""


def _not_null(value: object) -> object:
    if value is None:
        raise PydanticCustomError("null_not_allowed", "may be left out, but cannot be null")
    return value


class _NullRefused:
    """Documents an `Omittable` field as its type alone: clients are told null is refused."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema: dict[str, Any] = handler(core_schema)
        variants = [variant for variant in schema.get("anyOf", []) if variant != {"type": "null"}]
        if len(variants) == 1:
            del schema["anyOf"]
            schema.update(variants[0])
        return schema


# A PATCH field that may be absent (unchanged) but not null (`Omittable[Title] = None`). The
# None default is never validated, so `model_dump(exclude_unset=True)` holds only real values.
Omittable = Annotated[T | None, BeforeValidator(_not_null), _NullRefused()]


def _in_range(value: datetime) -> datetime:
    """In UTC (a naive time is taken as UTC), between `EARLIEST` and `LATEST`."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        utc = aware.astimezone(UTC)
    except OverflowError:  # beyond year 1 or 9999 once the offset is applied
        utc = None
    if utc is None or not EARLIEST <= utc <= LATEST:
        raise PydanticCustomError(
            "datetime_out_of_range", "must be between 1900-01-01 and 9999-12-31 (UTC)"
        )
    return utc


def _iso_string(value: object) -> object:
    """JSON has no date type: a date comes as an ISO 8601 string, never as a number of seconds
    (or milliseconds: pydantic would guess which from the size)."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise PydanticCustomError(
        "datetime_iso",
        "must be an ISO 8601 date or date-time string, like 2026-12-01 or 2026-12-01T17:00:00Z",
    )


UtcDateTime = Annotated[datetime, AfterValidator(_in_range)]
"""A date-time in range, converted to UTC (lax: for query parameters)."""

JsonDateTime = Annotated[UtcDateTime, BeforeValidator(_iso_string)]
"""`UtcDateTime` from an ISO 8601 string only; a bare date is the start of that day."""
