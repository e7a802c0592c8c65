"""Reading an untrusted JSON upload within bounds.

`json.loads` builds the whole document before a parser can look at it, so a 32 MiB file of
empty objects costs gigabytes. `read_json` instead streams the bytes through yajl (ijson's C
backend) and builds only what a `Shape` asks for: the members a parser reads, arrays up to a
limit counted over the whole file, text up to a length, nesting up to a depth. Everything else
is skipped as it streams past, so memory follows the limits rather than the file, and a file
over a limit is refused the moment it crosses it. What comes back is the `Node` the parsers
always read, minus the parts they never look at.
"""

import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from projectflow.boardfiles.errors import BoardFileError, KeptItems, Node, Where, unknown_field
from projectflow.boardfiles.json_bytes import (
    BACKEND,
    MARK,
    PARSE_FAILURES,
    PARSER_OPTIONS,
    check_utf8,
    mark_lone_surrogates,
    unreadable,
)

_BOM = b"\xef\xbb\xbf"
# Deeper than any board file needs, shallow enough that the recursive reader stays cheap.
MAX_DEPTH = 64

Unknown = Literal["skip", "record", "reject"]


@dataclass(frozen=True)
class Leaf:
    """A scalar member: text, a number, true, false or null.

    Text longer than twice `limit` (plus 100) is refused while reading. Shorter text is kept, so
    the field's own check can say by how much it is over the limit, as it always has.
    """

    limit: int = 10_000
    what: str = "value"

    @property
    def bound(self) -> int:
        return 2 * self.limit + 100


@dataclass(frozen=True, eq=False)
class Limit:
    """At most `count` items over the whole file, in every array that names this limit.

    Counting per file rather than per array keeps nested arrays (the labels of each card) from
    multiplying into a number no limit foresaw.
    """

    count: int
    noun: str
    owner: str = "board"

    def problem(self) -> str:
        count = f"{self.count:,}"
        return f"the {self.owner} has more than {count} {self.noun}; the limit is {count}"


@dataclass(frozen=True)
class Items:
    """An array of `item`s.

    With `keep`, each item is built, handed to `keep` and dropped unless it says so: the array
    may be long, memory holds only what is kept (counted against `kept`).
    """

    item: "Shape"
    limit: Limit
    keep: Callable[[Any], bool] | None = None
    kept: Limit | None = None


@dataclass(frozen=True)
class Fields:
    """An object whose `fields` are read; other members are skipped unread (`"skip"`), refused
    (`"reject"`), or skipped with the first one's name kept (`"record"`) so that the parser can
    refuse it after checks that should come first."""

    fields: Mapping[str, "Shape"]
    unknown: Unknown = "skip"


Shape = Leaf | Items | Fields


def read_json(data: bytes, shape: Shape, *, max_depth: int = MAX_DEPTH) -> Node:
    """Parse UTF-8 JSON bytes (a byte-order mark is allowed) into a root `Node` holding what
    `shape` reads; raises BoardFileError for bytes that are not such JSON or exceed a bound."""
    start = len(_BOM) if data.startswith(_BOM) else 0
    check_utf8(data, start)
    data, marked = mark_lone_surrogates(data)
    source = io.BytesIO(data)
    source.seek(start)
    reader = _Reader(BACKEND.basic_parse(source, **PARSER_OPTIONS), max_depth, marked)
    try:
        return Node(reader.document(shape))
    except PARSE_FAILURES as error:
        raise unreadable(data, start, error) from None


_OPENS = frozenset({"start_map", "start_array"})
_CLOSES = frozenset({"end_map", "end_array"})


class _Reader:
    """Turns yajl's events into Python values, building only what the shape asks for."""

    def __init__(self, events: Iterator[tuple[str, Any]], max_depth: int, marked: bool) -> None:
        self._events = events
        self._max_depth = max_depth
        self._marked = marked
        self._path: list[str | int] = []
        self._counts: dict[Limit, int] = {}
        # Inside an item that `keep` may still drop, an over-long text is only noted: it counts
        # if the item is kept.
        self._deferring = 0
        self._deferred: BoardFileError | None = None

    def document(self, shape: Shape) -> Any:
        event, value = next(self._events)
        result = self._value(shape, event, value, 0)
        for _ in self._events:  # nothing follows, but draining lets yajl refuse trailing bytes
            pass
        return result

    def _value(self, shape: Shape, event: str, value: Any, depth: int) -> Any:
        if event == "start_map":
            self._enter(depth + 1)
            if isinstance(shape, Fields):
                return self._object(shape, depth + 1)
            return self._hollow({}, depth + 1)
        if event == "start_array":
            self._enter(depth + 1)
            if isinstance(shape, Items):
                return self._array(shape, depth + 1)
            return self._hollow([], depth + 1)
        return self._text(shape, value) if isinstance(value, str) else value

    def _enter(self, depth: int) -> None:
        if depth > self._max_depth:
            raise self._where().fail(
                f"values are nested more than {self._max_depth} levels deep here; "
                f"the limit is {self._max_depth}"
            )

    def _hollow(self, empty: dict[str, Any] | list[Any], depth: int) -> Any:
        """An object or a list where the shape wants something else: the parser refuses it by
        its type alone, so its content is skipped and an empty one of the same type stands in."""
        self._skip(depth)
        return empty

    def _skip(self, depth: int) -> None:
        """Consume the rest of a container opened at `depth`, checking only its nesting."""
        # The hot loop of a hostile file: kept to the bare minimum per event.
        level, deepest = depth, self._max_depth
        for event, _ in self._events:
            if event in _OPENS:
                level += 1
                if level > deepest:
                    self._enter(level)
            elif event in _CLOSES:
                if level == depth:
                    return
                level -= 1

    def _object(self, shape: Fields, depth: int) -> dict[str, Any]:
        members: dict[str, Any] = {}
        while True:
            event, key = next(self._events)
            if event == "end_map":
                return members
            event, value = next(self._events)
            field = shape.fields.get(key)
            self._path.append(key)
            if field is not None:
                members[key] = self._value(field, event, value, depth)
            else:
                self._unknown(shape, members, key)
                if event in _OPENS:
                    self._enter(depth + 1)
                    self._skip(depth + 1)
            self._path.pop()

    def _unknown(self, shape: Fields, members: dict[str, Any], key: str) -> None:
        if shape.unknown == "reject":
            self._path.pop()  # the error is the object's: "unknown field 'x'"
            raise self._where().fail(unknown_field(key, shape.fields))
        if shape.unknown == "record" and members.keys() <= shape.fields.keys():
            members[key if len(key) <= 100 else key[:100] + "…"] = None

    def _array(self, shape: Items, depth: int) -> list[Any]:
        if shape.keep is not None:
            return self._filtered(shape, shape.keep, depth)
        items: list[Any] = []
        index = 0
        while True:
            event, value = next(self._events)
            if event == "end_array":
                return items
            self._count(shape.limit)
            self._path.append(index)
            items.append(self._value(shape.item, event, value, depth))
            self._path.pop()
            index += 1

    def _filtered(self, shape: Items, keep: Callable[[Any], bool], depth: int) -> KeptItems:
        kept = KeptItems()
        index = 0
        while True:
            event, value = next(self._events)
            if event == "end_array":
                return kept
            self._count(shape.limit)
            self._path.append(index)
            item, problem = self._candidate(shape.item, event, value, depth)
            if keep(item):
                if problem is not None:
                    raise problem
                if shape.kept is not None:
                    self._count(shape.kept)
                kept.keep(item, index)
            self._path.pop()
            index += 1

    def _candidate(
        self, shape: Shape, event: str, value: Any, depth: int
    ) -> tuple[Any, BoardFileError | None]:
        """An item that may yet be dropped, and the first over-long text in it (noted rather
        than raised: it matters only if the item is kept)."""
        outer, self._deferred = self._deferred, None
        self._deferring += 1
        item = self._value(shape, event, value, depth)
        self._deferring -= 1
        problem, self._deferred = self._deferred, outer
        return item, problem

    def _count(self, limit: Limit) -> None:
        count = self._counts.get(limit, 0) + 1
        if count > limit.count:
            raise self._where().fail(limit.problem())
        self._counts[limit] = count

    def _text(self, shape: Shape, value: str) -> str | None:
        if not isinstance(shape, Leaf):
            # Text where an object or a list belongs: the parser refuses it by its type alone.
            return ""
        if len(value) > shape.bound:
            error = self._where().fail(
                f"the {shape.what} is {len(value):,} characters long; the limit is {shape.limit:,}"
            )
            if not self._deferring:
                raise error
            self._deferred = self._deferred or error
            return None
        if self._marked and MARK in value:
            return value.replace(MARK, "\ud800")  # for check_text to report, at this path
        return value

    def _where(self) -> Where:
        where = Where.json_root()
        for step in self._path:
            where = where.key(step) if isinstance(step, str) else where.index(step)
        return where
