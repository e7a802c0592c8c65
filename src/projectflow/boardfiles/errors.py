"""How a bad board file is reported: the error, the place in the file it points at, and a JSON
reader that turns every type mismatch into that error instead of a KeyError or TypeError."""

import json
import math
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
        """The elements of this list, each knowing its index."""
        return [Node(item, self.where.index(i)) for i, item in enumerate(self._expect(list))]

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
            raise self.where.fail(
                f"unknown field {unknown[0]!r}; the allowed fields are {', '.join(sorted(allowed))}"
            )

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


def decode_json(data: bytes) -> Node:
    """Parse UTF-8 JSON bytes (a byte-order mark is allowed) into a root `Node`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BoardFileError(
            f"the file is not UTF-8 text (unreadable byte at offset {error.start}); "
            "export it again or save it as UTF-8",
            details={"byte": error.start},
        ) from None
    try:
        return Node(json.loads(text))
    except json.JSONDecodeError as error:
        raise BoardFileError(
            f"the file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            details={"line": error.lineno, "column": error.colno},
        ) from None
    except (ValueError, RecursionError):
        # Numbers too long to convert, or nesting deeper than the parser's stack allows.
        raise BoardFileError("the file is not JSON this server can read") from None
