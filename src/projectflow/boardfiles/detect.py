"""Which kind of board file an upload is, told from its first bytes, for the import that takes
any of them; and the Trello board id near the start of an export, to notice a second import
of the same board before the whole file is read.

Only the head of the file is looked at (`HEAD` bytes): Trello writes its board's own fields
(`id`, `name`, `prefs`, ...) first and ours writes `format` first, so the head is enough for
every file either exporter wrote. A JSON object with neither's marks in its head is refused,
and so is anything that is not JSON or UTF-8 text (a spreadsheet, an image, an archive).
"""

import codecs
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import ijson  # type: ignore[import-untyped]

from projectflow.boardfiles.errors import BoardFileError
from projectflow.boardfiles.json_bytes import BACKEND, PARSE_FAILURES
from projectflow.boardfiles.native import FORMAT

FileKind = Literal["trello", "json", "csv"]

HEAD = 64 * 1024
_BOM = b"\xef\xbb\xbf"
_JSON_SPACE = b" \t\r\n"
# Top-level members only a Trello board export has (ours has format, version and board).
_TRELLO_KEYS = frozenset(
    {
        "lists",
        "cards",
        "actions",
        "checklists",
        "idOrganization",
        "idBoardSource",
        "labelNames",
        "prefs",
        "shortLink",
        "shortUrl",
        "nodeId",
        "memberships",
    }
)
_NATIVE_KEYS = frozenset({"format", "version", "board"})
# C0 control characters other than tab, line feed, vertical tab, form feed and carriage
# return: text files do not hold them, binary files are full of them.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_ACCEPTED = "a Trello JSON export, a ProjectFlow board file (JSON) or UTF-8 CSV"
_EXPECTED = f"expected {_ACCEPTED}"
# Files people pick by mistake, and what to do instead.
_SIGNATURES = (
    (
        b"PK\x03\x04",
        "a ZIP archive (an Excel or Numbers workbook is one); save the sheet as 'CSV UTF-8' "
        "and import that",
    ),
    (b"\xff\xfe", "UTF-16 text; save it as UTF-8"),
    (b"\xfe\xff", "UTF-16 text; save it as UTF-8"),
    (b"%PDF", f"a PDF document; {_EXPECTED}"),
    (b"\x89PNG", f"a PNG image; {_EXPECTED}"),
    (b"\xff\xd8\xff", f"a JPEG image; {_EXPECTED}"),
    (b"\x1f\x8b", "a gzip archive; unpack it and import the file inside"),
)


@dataclass
class _JsonHead:
    """What the head of a JSON document shows at its top level."""

    keys: set[str] = field(default_factory=set)
    strings: dict[str, str] = field(default_factory=dict)
    # The head itself is not valid JSON (rather than merely cut short).
    broken: bool = False


def detect_format(head: bytes, *, whole: bool) -> FileKind:
    """The kind of board file whose first bytes are `head` (`whole`: that is all of it);
    BoardFileError for a file that is none of them, saying what it seems to be."""
    body = head.removeprefix(_BOM)
    start = body.lstrip(_JSON_SPACE)[:1]
    if not start:
        raise BoardFileError(f"the file is empty (only blank space); {_EXPECTED}")
    for signature, what in _SIGNATURES:
        if body.startswith(signature):
            raise BoardFileError(f"the file is {what}")
    if start == b"[":
        raise BoardFileError(f"the file is a JSON list; {_EXPECTED}")
    if start == b"{":
        return _json_kind(_read_head(body, whole=whole))
    _check_text(body, whole=whole, offset=len(head) - len(body))
    return "csv"


def trello_board_id(head: bytes, *, whole: bool) -> str | None:
    """The export's top-level `id`, if the head of the file holds it (Trello writes it first)."""
    found = _read_head(head.removeprefix(_BOM), whole=whole).strings.get("id", "")
    return found.strip() or None


def _json_kind(found: _JsonHead) -> FileKind:
    if found.strings.get("format") == FORMAT:
        return "json"
    if found.keys & _TRELLO_KEYS:
        return "trello"
    # Ours with a bad or missing marker, or JSON broken before it shows what it is: the parser
    # says what is wrong, and where.
    if found.keys & _NATIVE_KEYS or found.broken:
        return "json"
    raise BoardFileError(
        "the file is JSON, but neither a Trello board export (with 'lists' and 'cards'; in "
        "Trello use Print, export and share → Export as JSON) nor a ProjectFlow board file "
        f'(with "format": "{FORMAT}")'
    )


def _read_head(head: bytes, *, whole: bool) -> _JsonHead:
    """The top-level member names of the JSON object `head` starts, and their text values."""
    found = _JsonHead()
    events = ijson.sendable_list()
    parser = BACKEND.basic_parse_coro(events, use_float=True)
    try:
        parser.send(head)
        if whole:
            parser.close()  # refuses a document that ends early
    except PARSE_FAILURES:
        found.broken = True
    depth, key = 0, None
    for event, value in events:
        depth, key = _step(found, event, value, depth, key)
    return found


def _step(
    found: _JsonHead, event: str, value: Any, depth: int, key: str | None
) -> tuple[int, str | None]:
    """Follow one parser event, noting top-level member names and text values."""
    if event in ("start_map", "start_array"):
        return depth + 1, key
    if event in ("end_map", "end_array"):
        return depth - 1, None
    if depth != 1:
        return depth, key
    if event == "map_key":
        found.keys.add(value)
        return depth, value
    if key is not None and isinstance(value, str):
        found.strings.setdefault(key, value)
    return depth, None


def _check_text(body: bytes, *, whole: bool, offset: int) -> None:
    """A CSV upload must be UTF-8 text: refuse binary data and other encodings here, with a
    message about the file as a whole rather than about its first line."""
    control = _CONTROL.search(body)
    if control is not None:
        position = offset + control.start()
        raise BoardFileError(
            f"the file is not text (binary data at byte {position}); {_EXPECTED}",
            details={"byte": position},
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(body, final=whole)
    except UnicodeDecodeError as error:
        raise BoardFileError(
            f"the file is not UTF-8 text (unreadable byte at offset {offset + error.start}); "
            "save it as 'CSV UTF-8', or upload a Trello or ProjectFlow JSON export",
            details={"byte": offset + error.start},
        ) from None
