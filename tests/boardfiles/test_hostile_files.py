"""Hostile uploads cost memory in line with the limits, not with the file: each is parsed in a
subprocess that measures its own peak RSS around the parse (no wall-clock thresholds here)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

UPLOAD_LIMIT = 32 * 2**20
# Peak RSS the parse may add on top of the file itself.
MAX_GROWTH_MB = 100

_MEASURE = """
import json, resource, sys
from pathlib import Path
from projectflow.boardfiles import BoardFileError, decode_csv, parse_csv, parse_native, parse_trello
parsers = {
    "trello": parse_trello,
    "native": parse_native,
    "csv": lambda data: parse_csv(decode_csv(data), "Board"),
}
parse = parsers[sys.argv[2]]
data = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    parse(data)
    message = None
except BoardFileError as error:
    message = error.message
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"growth_mb": (after - before) / 1024, "message": message}))
"""


def _parse_in_subprocess(path: Path, parser: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), parser], capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    measured: dict[str, object] = json.loads(result.stdout)
    return measured


def _write(path: Path, head: bytes, item: bytes, count: int, tail: bytes) -> Path:
    """`head`, `count` comma-separated `item`s, `tail`: written in pieces, never held whole."""
    with path.open("wb") as out:
        out.write(head + item)
        batch = b"," + item
        for done in range(1, count, 100_000):
            out.write(batch * min(100_000, count - done))
        out.write(tail)
    return path


def _lines(path: Path, head: bytes, line: bytes, count: int) -> Path:
    with path.open("wb") as out:
        out.write(head)
        for done in range(0, count, 1_000_000):
            out.write(line * min(1_000_000, count - done))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    head = b'{"name": "B", "lists": [], "cards": [], "actions": ['
    actions = (UPLOAD_LIMIT - len(head) - 2) // 3
    lists_head = b'{"name": "B", "cards": [], "lists": ['
    return {
        # 11 M empty objects: ~4 GB through json.loads.
        "actions": _write(folder / "actions.json", head, b"{}", actions, b"]}"),
        # 1.5 M lists: 21 s and ~1 GB through json.loads before the column limit was checked.
        "lists": _write(
            folder / "lists.json", lists_head, b'{"id":"1","name":"L"}', 1_500_000, b"]}"
        ),
        "native": _write(
            folder / "native.json",
            b'{"format": "projectflow.board", "version": 1, '
            b'"board": {"name": "B", "columns": [{"name": "C", "cards": [',
            b'{"title":"t"}',
            2_000_000,
            b"]}]}}",
        ),
        "blank-lines": _lines(folder / "blank.csv", b"title\n", b"\n", 10_000_000),
    }


@pytest.mark.parametrize(
    ("name", "parser", "message"),
    [
        (
            "actions",
            "trello",
            "actions: the board has more than 1,000,000 actions; the limit is 1,000,000",
        ),
        (
            "lists",
            "trello",
            "lists: the board has more than 1,000 lists (open and archived); the limit is 1,000",
        ),
        (
            "native",
            "native",
            "board.columns[0].cards: the board has more than 20,000 cards; the limit is 20,000",
        ),
        (
            "blank-lines",
            "csv",
            "line 81001: the file has more than 81,000 lines (blank ones included)",
        ),
    ],
)
def test_a_hostile_file_is_refused_at_its_limit_in_bounded_memory(
    files: dict[str, Path], name: str, parser: str, message: str
) -> None:
    measured = _parse_in_subprocess(files[name], parser)
    assert isinstance(measured["message"], str)
    assert measured["message"].startswith(message)
    assert isinstance(measured["growth_mb"], float)
    assert measured["growth_mb"] < MAX_GROWTH_MB


@pytest.mark.parametrize("parser", ["trello", "native"])
def test_an_integer_past_int_limits_does_not_crash_the_parser(tmp_path: Path, parser: str) -> None:
    # ijson 3.6.0's default number mode crashes (SIGSEGV) on an integer over Python's
    # 4,300-digit limit for int(); the reader must never take that path.
    path = tmp_path / "number.json"
    path.write_bytes(b'{"name": "B", "lists": [], "cards": [], "x": ' + b"1" * 10_000 + b"}")
    measured = _parse_in_subprocess(path, parser)
    assert measured["message"] == (
        "the file is not JSON this server can read: a whole number too large to read "
        "at line 1, column 10046"
    )
