"""A structural check of a Yjs update (v1 encoding) before it is handed to yrs.

yrs trusts the counts an update states: it reserves room for as many clients, structs and
values as claimed (a 7-byte body claiming 2**28 clients costs it some 480 MB) and recurses as
deep as values nest. `check_update` reads the whole update once, builds nothing, and refuses it
unless every count fits in the bytes that follow, values nest at most `max_depth` deep, there
are at most `max_structs` structs, and nothing follows the delete set. It also refuses what yrs
would read differently from Yjs, so that an update that passes means the same on both sides.

The layout, after lib0's encoding and Yjs's UpdateEncoderV1 (integers are lib0 varints):

    update      := clients:uint (structs:uint client:uint clock:uint struct*)* delete-set
    struct      := info:u8, then GC (info 0): length:uint | Skip (info 10): length:uint
                 | Item: [origin:id] [right-origin:id] [parent [parent-sub:string]] content
    delete-set  := clients:uint (client:uint ranges:uint (clock:uint length:uint)*)*

An Item's info carries the content type in its low five bits and, from the top, whether an
origin, a right origin and a parent-sub follow; the parent is written only without origins.
"""

import bisect
import json
import math
import re
from dataclasses import dataclass
from typing import Any, NoReturn

from projectflow.collab.document import MalformedUpdate

# yrs keeps counts and lengths as u32 and reads a client as u64; Yjs (JavaScript) integers stop
# at 2**53. Anything outside these would wrap or be truncated on one side only. Clocks stop
# lower still: yrs 0.28 panics applying a struct that ends past 2**31 + 1 to a document that
# has its client (no client gets near: that is two billion edits).
_MAX_U32 = 2**32 - 1
_MAX_CLOCK = 2**31 - 1
_MAX_SAFE = 2**53 - 1
# Deeper than any board needs; yrs decodes nested values by recursion.
MAX_DEPTH = 64

# A client id (a varint up to 2**53 - 1) then a clock (up to 2**31 - 1), in their shortest form.
_ID = re.compile(
    rb"(?:[\x80-\xff]{0,6}[\x00-\x7f]|[\x80-\xff]{7}[\x00-\x0f])"
    rb"(?:[\x80-\xff]{0,3}[\x00-\x7f]|[\x80-\xff]{4}[\x00-\x07])"
)
_HAS_ORIGIN = 0x80
_HAS_RIGHT_ORIGIN = 0x40
_HAS_PARENT_SUB = 0x20
_CONTENT = 0x1F
_GC, _SKIP = 0, 10
_TYPE_NAMES = {0: "Y.Array", 1: "Y.Map", 2: "Y.Text", 3: "Y.XmlElement", 4: "Y.XmlFragment"}
_TYPE_NAMES |= {5: "Y.XmlHook", 6: "Y.XmlText"}
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_ASTRAL_LEADS = bytes(range(0xF0, 0xF8))  # UTF-8 lead bytes of characters past U+FFFF


@dataclass(frozen=True)
class UpdateStats:
    """What a well-formed update holds."""

    clients: int
    structs: int
    deleted_ranges: int


def check_update(update: bytes, *, max_structs: int, max_depth: int = MAX_DEPTH) -> UpdateStats:
    """Check `update` without applying it; raises MalformedUpdate saying what is wrong and at
    which byte, when it could make yrs allocate or recurse beyond what its size justifies."""
    reader = _Reader(update, max_depth)
    clients, structs = reader.struct_groups(max_structs)
    reader.check_parents()
    deleted = reader.delete_set()
    if reader.remaining:
        raise reader.error(f"{reader.remaining:,} bytes follow the end of the update")
    return UpdateStats(clients=clients, structs=structs, deleted_ranges=deleted)


class _Reader:
    """A cursor over the update that decodes each part and checks it as it goes."""

    def __init__(self, data: bytes, max_depth: int) -> None:
        self._data = data
        self._position = 0
        self._max_depth = max_depth
        # Parents named by id, and the clock ranges of items that cannot be one (content that
        # is neither a shared type nor deleted), by client: yrs refuses such a parent.
        self._parent_ids: list[tuple[int, int, int]] = []  # client, clock, where it is named
        self._leaves: dict[int, list[tuple[int, int]]] = {}

    @property
    def remaining(self) -> int:
        return len(self._data) - self._position

    def error(self, problem: str, *, at: int | None = None) -> MalformedUpdate:
        """The error for `problem` at byte `at` (by default the current one), to be raised by
        the caller."""
        offset = self._position if at is None else at
        return MalformedUpdate(f"malformed Yjs update at byte {offset:,}: {problem}")

    # -- the two halves of an update ---------------------------------------------------------

    def struct_groups(self, max_structs: int) -> tuple[int, int]:
        """Read every client's structs; the number of clients and of structs."""
        # Each group takes at least 3 bytes, and the delete set at least 1.
        clients = self._count("clients", bytes_each=3, reserve=1)
        seen: set[int] = set()
        total = 0
        for _ in range(clients):
            structs = self._uint(_MAX_U32, "a struct count")
            client = self._client(seen)
            clock = self._uint(_MAX_CLOCK, "a clock")
            # Yjs writes no empty group, and yrs panics on one when the client is in the document.
            if structs == 0:
                raise self.error(f"client {client} has no structs")
            self._fits(structs, "structs", bytes_each=2, reserve=1)
            total += structs
            if total > max_structs:
                raise self.error(
                    f"it holds more than {max_structs:,} structs, the most one update may"
                )
            for _ in range(structs):
                clock = self._advance(clock, self._struct(client, clock))
        return clients, total

    def _client(self, seen: set[int]) -> int:
        """A client id not seen before in this part of the update (Yjs writes each once)."""
        client = self._uint(_MAX_SAFE, "a client id")
        if client in seen:
            raise self.error(f"client {client} appears twice")
        seen.add(client)
        return client

    def check_parents(self) -> None:
        """Refuse an item whose parent, named by id, is an item of this update holding content
        rather than a shared type. (One already in the document cannot be checked here.)"""
        ranges = {client: sorted(leaves) for client, leaves in self._leaves.items()}
        starts = {client: [start for start, _ in leaves] for client, leaves in ranges.items()}
        for client, clock, offset in self._parent_ids:
            index = bisect.bisect_right(starts.get(client, []), clock) - 1
            if index >= 0 and clock < ranges[client][index][1]:
                raise self.error(
                    f"an item's parent (client {client}, clock {clock}) holds content, "
                    "not a shared type",
                    at=offset,
                )

    def delete_set(self) -> int:
        """Read the delete set; the number of deleted ranges."""
        seen: set[int] = set()
        total = 0
        for _ in range(self._count("clients in the delete set", bytes_each=2)):
            client = self._client(seen)
            ranges = self._count("deleted ranges", bytes_each=2)
            if ranges == 0:
                raise self.error(f"client {client} has no deleted ranges")
            for _ in range(ranges):
                clock = self._uint(_MAX_CLOCK, "a clock")
                self._advance(clock, self._length("a deleted range"))
            total += ranges
        return total

    def _advance(self, clock: int, length: int) -> int:
        if clock + length > _MAX_CLOCK:
            raise self.error(f"clock {clock:,} + length {length:,} goes past {_MAX_CLOCK:,}")
        return clock + length

    # -- structs -----------------------------------------------------------------------------

    def _struct(self, client: int, clock: int) -> int:
        """Read the struct at `clock` of `client`; its length in clock ticks."""
        info = self._byte()
        if info in (_GC, _SKIP):
            return self._length("a GC or Skip struct")
        kind = info & _CONTENT
        if not 1 <= kind <= 9:
            raise self.error(f"unknown struct type {info:#04x}")
        if info & _HAS_ORIGIN:
            self._origin()
        if info & _HAS_RIGHT_ORIGIN:
            self._origin()
        if not info & (_HAS_ORIGIN | _HAS_RIGHT_ORIGIN):
            self._parent(has_sub=bool(info & _HAS_PARENT_SUB))
        length = self._content(kind)
        if length == 0:
            # yrs drops it, which can leave a client with no structs (see struct_groups).
            raise self.error("an item with empty content (Yjs never writes one)")
        if kind not in (1, 7):  # neither deleted nor a shared type
            self._leaves.setdefault(client, []).append((clock, clock + length))
        return length

    def _id(self) -> tuple[int, int]:
        return self._uint(_MAX_SAFE, "a client id"), self._uint(_MAX_CLOCK, "a clock")

    def _origin(self) -> None:
        """An id whose value does not matter here, only that it is one: matched in one go."""
        found = _ID.match(self._data, self._position)
        if found is None:
            self._id()  # slower, and raises the error that says what is wrong
        else:
            self._position = found.end()

    def _parent(self, *, has_sub: bool) -> None:
        if self._uint(1, "a parent kind (0 or 1)") == 1:
            self._string("a root type name")
        else:
            offset = self._position
            self._parent_ids.append((*self._id(), offset))
        if has_sub:
            self._string("a map key")

    def _content(self, kind: int) -> int:
        """Read an Item's content (types 1 to 9); its length in clock ticks."""
        if kind == 1:  # ContentDeleted
            return self._length("deleted content")
        if kind == 2:
            # Yjs has not written ContentJSON since v13, and yrs reads one string more than
            # Yjs writes: refused rather than read two ways.
            raise self.error(
                "legacy JSON content (struct type 2), which this server does not accept"
            )
        if kind == 3:  # ContentBinary
            self._bytes("binary content")
            return 1
        if kind == 4:  # ContentString: its length counts UTF-16 code units, as in JavaScript
            return self._utf16_length(self._string("text"))
        if kind in (5, 6):  # ContentEmbed, ContentFormat (key, then value)
            if kind == 6:
                self._string("a format key")
            self._json()
            return 1
        if kind == 7:
            self._type()
            return 1
        if kind == 8:  # ContentAny
            values = self._count("values", bytes_each=1)
            for _ in range(values):
                self._any(1)
            return values
        self._string("a subdocument guid")  # ContentDoc, then its options
        self._any(1)
        return 1

    def _type(self) -> None:
        # A byte in yrs, a varint in Yjs: the same for the types both know.
        ref = self._byte()
        name = _TYPE_NAMES.get(ref)
        if name is None:
            raise self.error(f"unknown shared type {ref}")
        if ref in (3, 5):  # XmlElement and XmlHook carry a node name
            self._string(f"a {name} name")
        if ref == 5:
            # yrs reads a hook without its name, so the rest of the update would shift.
            raise self.error("Y.XmlHook, which this server's Yjs engine cannot read")

    def _length(self, what: str) -> int:
        length = self._uint(_MAX_U32, f"the length of {what}")
        if length == 0:
            raise self.error(f"{what} of length 0 (Yjs never writes one)")
        return length

    # -- values --------------------------------------------------------------------------------

    def _any(self, depth: int) -> None:
        """Read one lib0 `writeAny` value (tags 116 to 127) nested `depth` deep."""
        tag = self._byte()
        if tag == 119:
            self._string("text")
        elif tag in (127, 126, 121, 120):  # undefined, null, false, true
            return
        elif tag in (124, 123, 122):  # float32, float64, bigint64
            self._skip(4 if tag == 124 else 8, "a number")
        elif tag == 125:
            self._int()
        elif tag == 116:
            self._bytes("a buffer")
        elif tag in (117, 118):
            self._container(tag, depth)
        else:
            raise self.error(f"unknown value type {tag}")

    def _container(self, tag: int, depth: int) -> None:
        if depth > self._max_depth:
            raise self.error(f"values nest more than {self._max_depth} deep")
        if tag == 117:  # array
            for _ in range(self._count("array items", bytes_each=1)):
                self._any(depth + 1)
            return
        for _ in range(self._count("object entries", bytes_each=2)):  # object: key, value
            self._string("an object key")
            self._any(depth + 1)

    def _json(self) -> None:
        """A JSON text as yrs parses it (serde_json): no NaN or Infinity, no number out of a
        double's range, no unpaired surrogate, nesting within bounds."""
        text = self._string("a JSON value").decode("utf-8")
        try:
            value = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            raise self.error("a format or embed value that is not JSON") from None
        if not self._plain_json(value, 0):
            raise self.error("a format or embed value that is not plain JSON")

    def _plain_json(self, value: Any, depth: int) -> bool:
        if isinstance(value, str):
            return _storable(value)
        if isinstance(value, float):
            return math.isfinite(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return _fits_a_double(value)
        if isinstance(value, list | dict) and depth >= self._max_depth:
            return False
        if isinstance(value, list):
            return all(self._plain_json(item, depth + 1) for item in value)
        if isinstance(value, dict):
            return all(
                _storable(key) and self._plain_json(item, depth + 1) for key, item in value.items()
            )
        return True  # true, false, null

    # -- primitives ----------------------------------------------------------------------------

    def _byte(self) -> int:
        if self._position >= len(self._data):
            raise self.error("the update ends too early (is it cut short?)")
        byte = self._data[self._position]
        self._position += 1
        return byte

    def _uint(self, limit: int, what: str) -> int:
        """A lib0 unsigned varint of at most `limit`."""
        # The hot path of the whole check, hence written out byte by byte.
        data, position = self._data, self._position
        if position < len(data) and data[position] < 0x80:  # one byte: most of them
            self._position = position + 1
            if data[position] > limit:
                raise self.error(
                    f"{what} of {data[position]:,} is out of range (at most {limit:,})"
                )
            return data[position]
        end = min(position + 8, len(data))  # 8 x 7 bits hold any JavaScript-safe integer
        value = shift = 0
        while position < end:
            byte = data[position]
            position += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                self._position = position
                if value > limit:
                    raise self.error(f"{what} of {value:,} is out of range (at most {limit:,})")
                return value
            shift += 7
        self._position = position
        if position == len(data):
            raise self.error("the update ends too early (is it cut short?)")
        raise self.error(f"{what} is longer than a varint may be")

    def _int(self) -> None:
        """A lib0 signed varint (sign in the first byte's 0x40), at most 2**53 - 1 either way."""
        byte = self._byte()
        value, shift = byte & 0x3F, 6
        while byte >= 0x80:
            if shift > 53:
                raise self.error("an integer is longer than a varint may be")
            byte = self._byte()
            value |= (byte & 0x7F) << shift
            shift += 7
        if value > _MAX_SAFE:
            raise self.error(f"the integer {value:,} is out of range")

    def _count(self, what: str, *, bytes_each: int, reserve: int = 0) -> int:
        """A count of things that take at least `bytes_each` bytes each: no more than fit."""
        count = self._uint(_MAX_U32, f"a number of {what}")
        self._fits(count, what, bytes_each=bytes_each, reserve=reserve)
        return count

    def _fits(self, count: int, what: str, *, bytes_each: int, reserve: int = 0) -> None:
        room = self.remaining - reserve
        if count * bytes_each > room:
            raise self.error(
                f"it claims {count:,} {what}, but only {max(room, 0):,} bytes follow, "
                f"room for {max(room, 0) // bytes_each:,} at most"
            )

    def _skip(self, length: int, what: str) -> None:
        if length > self.remaining:
            raise self.error(f"{what} of {length:,} bytes, but only {self.remaining:,} follow")
        self._position += length

    def _bytes(self, what: str) -> bytes:
        """A lib0 byte array: its length, then that many bytes."""
        length = self._uint(_MAX_U32, f"the length of {what}")
        start = self._position
        self._skip(length, what)
        return self._data[start : self._position]

    def _string(self, what: str) -> bytes:
        """A lib0 string (UTF-8 bytes with their length first); its bytes, checked to be UTF-8."""
        data, position = self._data, self._position
        if position < len(data) and position + data[position] < len(data):
            # Under 128 bytes (a one-byte length) and within the update: most strings.
            if data[position] < 0x80:
                self._position = position + 1 + data[position]
                raw = data[position + 1 : self._position]
            else:
                raw = self._bytes(what)
        else:
            raw = self._bytes(what)
        if not raw.isascii():
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                self._position -= len(raw)
                raise self.error(f"{what} that is not UTF-8") from None
        return raw

    @staticmethod
    def _utf16_length(raw: bytes) -> int:
        """JavaScript's length of UTF-8 text: one unit per character, two past U+FFFF."""
        characters = len(raw.translate(None, _CONTINUATION_BYTES))
        return characters + len(raw) - len(raw.translate(None, _ASTRAL_LEADS))


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _fits_a_double(number: int) -> bool:
    """serde_json reads a whole number past 64 bits as a double, and fails if it overflows."""
    try:
        float(number)
    except OverflowError:
        return False
    return True


def _storable(text: str) -> bool:
    """Whether text decoded from JSON escapes holds no unpaired surrogate (serde_json's rule)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
