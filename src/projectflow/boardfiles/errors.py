"""How a bad board file is reported: the error, the place in the file it points at, and the
checked accessors (`Node`) through which parsers read decoded JSON, so that every type mismatch
becomes that error instead of a KeyError or TypeError. Decoding itself is in `bounded_json`."""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from projectflow.kit.errors import AppError

_T = TypeVar("_T")


class BoardFileError(AppError):
    """An imported file the server cannot read; the message says what to fix and where."""

    status_code = 422
    code = "invalid_board_file"


@dataclass(frozen=True)
class Where:
    """A place in an imported file: a CSV line, or a path into a JSON document."""

    line: int | None = None
    path: str | None = None
    field: str | None = None

    @classmethod
    def csv_line(cls, line: int) -> "Where":
        return cls(line=line)

    @classmethod
    def json_root(cls) -> "Where":
        return cls(path="")

    def key(self, name: str) -> "Where":
        """The named field of this place (a JSON member, or a CSV column on this line)."""
        if self.path is None:
            return Where(line=self.line, field=name)
        return Where(path=f"{self.path}.{name}" if self.path else name, field=name)

    def index(self, position: int) -> "Where":
        return Where(path=f"{self.path or ''}[{position}]", field=self.field)

    def label(self) -> str:
        # The field goes in `details` only: the problem text already names what is wrong.
        return f"line {self.line}" if self.line is not None else self.path or ""

    def details(self) -> dict[str, Any]:
        located: dict[str, Any] = {"line": self.line} if self.line is not None else {}
        if self.path:
            located["path"] = self.path
        if self.field:
            located["field"] = self.field
        return located

    def fail(self, problem: str) -> BoardFileError:
        """The error for `problem` at this place, to be raised by the caller."""
        label = self.label()
        return BoardFileError(f"{label}: {problem}" if label else problem, details=self.details())


_MISSING: Any = object()


class KeptItems(list[Any]):
    """The items of a JSON array that a reader kept after dropping others, each with its
    position in the file, so that errors still point at the right index."""

    def __init__(self) -> None:
        super().__init__()
        self.positions: list[int] = []

    def keep(self, item: Any, position: int) -> None:
        self.append(item)
        self.positions.append(position)


@dataclass(frozen=True)
class Node:
    """A decoded JSON value and where it came from, read through checked accessors."""

    value: Any
    where: Where = field(default_factory=Where.json_root)

    @property
    def missing(self) -> bool:
        return self.value is _MISSING

    def get(self, name: str) -> "Node":
        """Member `name` of this object; `.missing` tells whether it was there at all."""
        members = self.obj()
        return Node(members.get(name, _MISSING), self.where.key(name))

    def obj(self) -> dict[str, Any]:
        return self._expect(dict)

    def items(self) -> list["Node"]:
        """The elements of this list, each knowing its index in the file."""
        values = self._expect(list)
        positions = values.positions if isinstance(values, KeptItems) else range(len(values))
        return [Node(item, self.where.index(i)) for i, item in zip(positions, values, strict=True)]

    def optional_items(self) -> list["Node"]:
        return [] if self.missing or self.value is None else self.items()

    def text(self) -> str:
        return self._expect(str)

    def optional_text(self, default: str = "") -> str:
        return default if self.missing or self.value is None else self.text()

    def nullable_text(self) -> str | None:
        return None if self.missing or self.value is None else self.text()

    def optional_flag(self) -> bool:
        return False if self.missing or self.value is None else self._expect(bool)

    def optional_integer(self) -> int | None:
        if self.missing or self.value is None:
            return None
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.where.fail(f"expected a whole number, found {describe(self.value)}")
        return self.value

    def optional_number(self) -> float | None:
        if self.missing or self.value is None:
            return None
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise self.where.fail(f"expected a number, found {describe(self.value)}")
        try:
            number = float(self.value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise self.where.fail("expected a finite number")
        return number

    def reject_unknown(self, allowed: frozenset[str]) -> None:
        """Fail on members outside `allowed`, so a typo is reported rather than ignored."""
        unknown = sorted(set(self.obj()) - allowed)
        if unknown:
            raise self.where.fail(unknown_field(unknown[0], allowed))

    def _expect(self, kind: type[_T]) -> _T:
        if self.missing:
            raise self.where.fail("this field is required")
        if not isinstance(self.value, kind) or (kind is not bool and isinstance(self.value, bool)):
            raise self.where.fail(f"expected {_KIND_NAMES[kind]}, found {describe(self.value)}")
        return self.value


_KIND_NAMES: dict[type[Any], str] = {
    dict: "an object",
    list: "a list",
    str: "text",
    bool: "true or false",
}


def describe(value: Any) -> str:
    """A JSON value's type in the words a person would use."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    for kind, name in _KIND_NAMES.items():
        if isinstance(value, kind):
            return name
    return type(value).__name__


def unknown_field(name: str, allowed: Iterable[str]) -> str:
    """The problem of an object member outside `allowed`, listing what is allowed."""
    return f"unknown field {name!r}; the allowed fields are {', '.join(sorted(allowed))}"
