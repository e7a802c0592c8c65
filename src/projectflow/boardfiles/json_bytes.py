"""The raw bytes of a JSON upload, around yajl: the UTF-8 check before it, the unpaired
surrogate escapes it cannot carry, and where in the file it gave up (yajl only says why).

Everything here works in chunks or on the bytes in place, so that a hostile file costs no
more memory on its error path than on its way in.
"""

import codecs
import re
from typing import Any

import ijson  # type: ignore[import-untyped]

from projectflow.boardfiles.errors import BoardFileError

# The C backend, named so that a missing build fails at import instead of silently falling back
# to the pure-Python parser, which is some twenty times slower.
BACKEND = ijson.get_backend("yajl2_c")
CHUNK = 64 * 1024
# Numbers as int and float, parsed by yajl itself, which refuses any too large for a 64-bit
# integer or a double. Not the default (int or Decimal, converted by Python): in ijson 3.6.0
# that path does not check for failure, and an integer over Python's 4,300-digit limit for int()
# crashes the process with a segmentation fault.
PARSER_OPTIONS: dict[str, Any] = {"buf_size": CHUNK, "use_float": True}
# What yajl raises: bad JSON, and text it cannot hand over as str (an unpaired low surrogate).
PARSE_FAILURES = (ijson.JSONError, UnicodeDecodeError)
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))

# A \uD800-\uDFFF escape that is not half of a high-low pair. The backslash may itself be
# escaped ("\\ud800" is text, not a surrogate); `_is_escape` settles that.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE_ESCAPE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
# What stands in for an unpaired surrogate escape, and the escape that yields it: the same length
# as what it replaces, so offsets in error messages stay true. U+FFFF is a noncharacter: it has
# no business in a board file, so reading it back as a surrogate is safe.
MARK = "\uffff"
_MARK_ESCAPE = b"\\uffff"


def check_utf8(data: bytes, start: int) -> None:
    """Refuse `data` (from `start`) unless it is UTF-8, naming the offset of the first bad byte."""
    view = memoryview(data)
    offset = start
    while offset < len(data):
        final = offset + CHUNK >= len(data)
        try:
            _, consumed = codecs.utf_8_decode(view[offset : offset + CHUNK], "strict", final)
        except UnicodeDecodeError as error:
            raise BoardFileError(
                f"the file is not UTF-8 text (unreadable byte at offset {offset + error.start}); "
                "export it again or save it as UTF-8",
                details={"byte": offset + error.start},
            ) from None
        offset += consumed


def mark_lone_surrogates(data: bytes) -> tuple[bytes, bool]:
    """`data` with each unpaired surrogate escape replaced by `MARK`'s, and whether any was.

    yajl turns a lone `\\ud800` into "?" and a lone `\\udc00` into bytes that are not UTF-8,
    where json.loads kept the surrogate for `check_text` to refuse at the field's path. Marking
    them keeps that behaviour, and a surrogate in a field nobody reads stays harmless.
    """
    if _SURROGATE_ESCAPE.search(data) is None:  # the usual case: no copy at all
        return data, False
    found = False

    def mark(match: re.Match[bytes]) -> bytes:
        nonlocal found
        if not _is_escape(data, match.start()):
            return match.group()
        found = True
        return _MARK_ESCAPE

    marked = _LONE_SURROGATE_ESCAPE.sub(mark, data)
    return (marked, True) if found else (data, False)


def _is_escape(data: bytes, backslash: int) -> bool:
    """Whether the backslash at `backslash` starts an escape: an even number precede it."""
    run = 0
    while backslash - run > 0 and data[backslash - run - 1] == ord("\\"):
        run += 1
    return run % 2 == 0


def unreadable(data: bytes, start: int, error: BaseException) -> BoardFileError:
    """The error for bytes yajl gave up on, with the line and column where it did."""
    offset = _failure_offset(data, start)
    line = data.count(b"\n", start, offset) + 1
    column = _characters(data, data.rfind(b"\n", start, offset) + 1 or start, offset) + 1
    where = f"at line {line}, column {column}"
    problem = _yajl_problem(error) if isinstance(error, ijson.JSONError) else "unpaired surrogate"
    if problem in _UNSUPPORTED:
        message = f"the file is not JSON this server can read: {_UNSUPPORTED[problem]} {where}"
    else:
        message = f"the file is not valid JSON: {problem} {where}"
    return BoardFileError(message, details={"line": line, "column": column})


# Valid JSON all the same, which json.loads read (numbers as infinite floats or huge ints).
_UNSUPPORTED = {
    "integer overflow": "a whole number too large to read",
    "numeric (floating point) overflow": "a number too large to read",
    "unpaired surrogate": "an unpaired UTF-16 surrogate escape",
}


def _yajl_problem(error: Any) -> str:
    """yajl's first line ("parse error: premature EOF"), without its category."""
    raw = error.args[0] if error.args else ""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    problem = text.strip().splitlines()[0] if text.strip() else "unreadable"
    problem = problem.removeprefix("parse error: ").removeprefix("lexical error: ").rstrip(".")
    return "the file ends too early (is it cut short?)" if problem == "premature EOF" else problem


def _failure_offset(data: bytes, start: int) -> int:
    """The offset of the byte at which yajl refuses `data` (its length if only the end is
    missing): the failing chunk is found at full speed, then replayed one byte at a time."""
    failing = _failing_chunk(data, start)
    sink = ijson.sendable_list()
    parser = BACKEND.basic_parse_coro(sink, use_float=True)
    for offset in range(start, failing, CHUNK):
        parser.send(data[offset : min(offset + CHUNK, failing)])
        sink.clear()
    for offset in range(failing, min(failing + CHUNK, len(data))):
        try:
            parser.send(data[offset : offset + 1])
        except PARSE_FAILURES:
            return offset
        sink.clear()
    return len(data)


def _failing_chunk(data: bytes, start: int) -> int:
    sink = ijson.sendable_list()
    parser = BACKEND.basic_parse_coro(sink, use_float=True)
    for offset in range(start, len(data), CHUNK):
        try:
            parser.send(data[offset : offset + CHUNK])
        except PARSE_FAILURES:
            return offset
        sink.clear()
    return len(data)


def _characters(data: bytes, begin: int, end: int) -> int:
    """How many UTF-8 characters lie between two offsets, counted without decoding them."""
    count = 0
    for offset in range(begin, end, CHUNK):
        piece = data[offset : min(offset + CHUNK, end)]
        count += len(piece.translate(None, _CONTINUATION_BYTES))
    return count
