"""Cards as CSV, one card per row: for spreadsheets and for tools that only speak CSV.

The columns are documented in docs/board-formats.md. Export writes every column so that
exporting and importing again gives back the same cards (CSV carries no comments, no checklists,
no label colours, no WIP limits and no empty columns).
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from projectflow.boardfiles.errors import BoardFileError, Where
from projectflow.boardfiles.model import (
    MAX_BOARD_NAME,
    MAX_CARDS,
    MAX_COLUMN_NAME,
    MAX_DESCRIPTION,
    BoardData,
    CardData,
    ColumnData,
    check_card_count,
    check_column_count,
    check_description,
    check_emails,
    check_labels,
    check_name,
    check_title,
    format_datetime,
    parse_datetime,
)

HEADER = (
    "title",
    "description",
    "column",
    "labels",
    "due",
    "due_done",
    "archived",
    "assignees",
)
DEFAULT_COLUMN = "To do"
LIST_SEPARATOR = ";"

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0", ""})
# Spreadsheets run a cell starting with one of these as a formula; exports defuse them with a
# leading apostrophe (the usual CSV-injection guard) and imports take that apostrophe off again.
_FORMULA_STARTS = frozenset("=+-@\t\r")
_GUARD = "'"
_GUARD_TAKES_OFF = _FORMULA_STARTS | {_GUARD}
_BOM = "\ufeff"

# Bounds on what the reader takes in, checked as rows stream past so that a hostile file costs
# no more than a legitimate one at the limits (docs/board-formats.md, "Limits"). Characters
# in one value: the description is the longest field; twice its limit leaves room for the
# field's own check to say by how much it is over. The csv module has a cap of its own,
# `field_size_limit`, but it is process-wide and anyone may raise it, so it is not relied on.
MAX_VALUE = 2 * MAX_DESCRIPTION
# Characters in one row, quoted line breaks included: every column at its longest.
MAX_ROW = len(HEADER) * MAX_VALUE
# Values in one row: spreadsheets pad rows with empty cells, but not with thousands.
MAX_VALUES = 1_000
# Rows, blank ones included: a board's worth of cards with room for spacing between them.
MAX_LINES = 4 * MAX_CARDS + 1_000


def decode_csv(data: bytes) -> str:
    """Uploaded CSV bytes as text; the file must be UTF-8 (with or without a byte-order mark)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BoardFileError(
            f"the file is not UTF-8 text (unreadable byte at offset {error.start}); "
            "save it as 'CSV UTF-8' and try again",
            details={"byte": error.start},
        ) from None


def parse_csv(text: str, board_name: str) -> BoardData:
    """Read cards from CSV text (header required); raises BoardFileError naming the line."""
    name = check_name(board_name, Where(field="board_name"), "board name", MAX_BOARD_NAME)
    rows = _records(text.removeprefix(_BOM))
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        raise Where.csv_line(1).fail(
            f"the file is empty; its first line must be a header such as {','.join(HEADER)}"
        )
    positions = _parse_header(header[1])
    cards = _Cards()
    for line, row in rows:
        if any(cell.strip() for cell in row):
            cards.add(line, _cells(row, positions, line))
    return BoardData(
        name=name,
        columns=tuple(
            ColumnData(name=column, cards=tuple(column_cards))
            for column, column_cards in cards.columns.items()
        ),
    )


def export_csv(board: BoardData) -> str:
    """The board's cards as CSV with every column `parse_csv` reads, in board order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for column in board.columns:
        for card in column.cards:
            writer.writerow([_guard(cell) for cell in _export_row(column, card)])
    return buffer.getvalue()


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Rows numbered from 1 (the header), counting records as a spreadsheet counts rows."""
    lines = _Lines(text)
    # Strict, so that a quote left open (say, by a truncated file) is reported instead of
    # silently swallowing every line after it into one value.
    reader = csv.reader(lines, strict=True)
    line = 0
    try:
        for line, row in enumerate(reader, start=1):
            _check_row(line, row)
            lines.row_characters = 0
            yield line, row
    except csv.Error as error:
        raise Where.csv_line(line + 1).fail(_csv_problem(str(error))) from None
    except _RowTooLong:
        raise Where.csv_line(line + 1).fail(
            f"the line holds more than {MAX_ROW:,} characters; "
            "is a quote left open, or is this not a board's CSV?"
        ) from None


class _RowTooLong(Exception):
    pass


class _Lines:
    """The text's lines for csv.reader, refusing a row past MAX_ROW characters before it is read
    whole; a quoted value can span lines, so the count runs until the reader resets it.

    Sliced from the text in place: io.StringIO would first copy all of it, at four bytes a
    character.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._position = 0
        self.row_characters = 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        start = self._position
        if start >= len(self._text):
            raise StopIteration
        # One character over the bound is enough to know the row is too long.
        stop = min(start + MAX_ROW + 1 - self.row_characters, len(self._text))
        end = _LINE_END.search(self._text, start, stop)
        self._position = end.end() if end else stop
        self.row_characters += self._position - start
        if self.row_characters > MAX_ROW:
            raise _RowTooLong
        return self._text[start : self._position]


# Line ends as csv and a spreadsheet see them (io.StringIO's newline="").
_LINE_END = re.compile(r"\r\n|\r|\n")


def _check_row(line: int, row: list[str]) -> None:
    where = Where.csv_line(line)
    if line > MAX_LINES:
        raise where.fail(
            f"the file has more than {MAX_LINES:,} lines (blank ones included); "
            f"a board holds at most {MAX_CARDS:,} cards"
        )
    if len(row) > MAX_VALUES:
        raise where.fail(
            f"the line has {len(row):,} values; the limit is {MAX_VALUES:,} "
            f"(a card has at most {len(HEADER)})"
        )
    longest = max(map(len, row), default=0)
    if longest > MAX_VALUE:
        raise where.fail(_too_long(f"{longest:,} characters long"))


def _too_long(length: str) -> str:
    return (
        f"a value on this line is {length}; no field may hold more than {MAX_VALUE:,} "
        f"(a description holds at most {MAX_DESCRIPTION:,})"
    )


def _csv_problem(error: str) -> str:
    if error == "unexpected end of data":
        return "a quoted value starts on this line and is never closed"
    if error.startswith("field larger than field limit"):
        return _too_long(f"longer than {csv.field_size_limit():,} characters")
    return f"this line is not valid CSV ({error}); quote values that contain commas or quotes"


def _parse_header(cells: list[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in cells]
    where = Where.csv_line(1)
    allowed = f"the allowed columns are {', '.join(HEADER)}"
    if "" in names:
        raise where.fail(f"header column {names.index('') + 1} has no name; {allowed}")
    unknown = [name for name in names if name not in HEADER]
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        plural = "s" if len(unknown) > 1 else ""
        # Spreadsheets in many locales save "CSV" with semicolons or tabs between values.
        hint = " (values must be separated by commas)" if re.search(r"[;\t]", listed) else ""
        raise where.fail(f"unknown header column{plural} {listed}; {allowed}{hint}")
    repeated = [name for name in HEADER if names.count(name) > 1]
    if repeated:
        raise where.fail(f"the header names {repeated[0]!r} more than once")
    if "title" not in names:
        raise where.fail(f"the header has no 'title' column; {allowed}")
    return {name: index for index, name in enumerate(names)}


def _cells(row: list[str], positions: dict[str, int], line: int) -> dict[str, str]:
    """The row's values by column name; missing trailing cells read as empty."""
    extra = row[len(positions) :]
    if any(cell.strip() for cell in extra):
        raise Where.csv_line(line).fail(
            f"the line has {len(row)} values but the header has only {len(positions)}"
        )
    return {
        name: _unguard(row[index]) if index < len(row) else "" for name, index in positions.items()
    }


@dataclass
class _Cards:
    """Cards by column in the order columns first appear, counted as they are added."""

    columns: dict[str, list[CardData]] = field(default_factory=dict)
    count: int = 0

    def add(self, line: int, cells: dict[str, str]) -> None:
        where = Where.csv_line(line)
        column_where = where.key("column")
        column = check_name(
            cells.get("column", "").strip() or DEFAULT_COLUMN,
            column_where,
            "column name",
            MAX_COLUMN_NAME,
        )
        if column not in self.columns:
            check_column_count(len(self.columns) + 1, column_where)
            self.columns[column] = []
        self.count += 1
        check_card_count(self.count, where)
        self.columns[column].append(_card(cells, where))


def _card(cells: dict[str, str], where: Where) -> CardData:
    due = cells.get("due", "").strip()
    return CardData(
        title=check_title(cells["title"], where.key("title")),
        description=check_description(cells.get("description", ""), where.key("description")),
        labels=check_labels(_split(cells.get("labels", "")), where.key("labels")),
        due=parse_datetime(due, where.key("due")) if due else None,
        due_done=_parse_flag(cells.get("due_done", ""), where.key("due_done"), "due_done"),
        archived=_parse_flag(cells.get("archived", ""), where.key("archived"), "archived"),
        assignee_emails=check_emails(_split(cells.get("assignees", "")), where.key("assignees")),
    )


def _split(cell: str) -> list[str]:
    return cell.split(LIST_SEPARATOR)


def _parse_flag(raw: str, where: Where, name: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise where.fail(
        f"{name} must be true or false (or yes/no, 1/0, or empty for false), not {raw!r}"
    )


def _export_row(column: ColumnData, card: CardData) -> list[str]:
    return [
        card.title,
        card.description,
        column.name,
        LIST_SEPARATOR.join(card.labels),
        _export_due(card.due),
        _export_flag(card.due_done),
        _export_flag(card.archived),
        LIST_SEPARATOR.join(card.assignee_emails),
    ]


def _export_flag(value: bool) -> str:
    return "true" if value else "false"


def _export_due(due: datetime | None) -> str:
    """A bare date when the due moment is midnight UTC (how a date-only due is stored)."""
    if due is None:
        return ""
    moment = due.astimezone(UTC) if due.tzinfo is not None else due.replace(tzinfo=UTC)
    return moment.date().isoformat() if moment.time() == time() else format_datetime(moment)


def _guard(cell: str) -> str:
    if cell[:1] in _FORMULA_STARTS or (cell[:1] == _GUARD and cell[1:2] in _GUARD_TAKES_OFF):
        return _GUARD + cell
    return cell


def _unguard(cell: str) -> str:
    """Undo `_guard`: a leading apostrophe goes only when it shields a formula or another one."""
    if cell[:1] == _GUARD and cell[1:2] in _GUARD_TAKES_OFF:
        return cell[1:]
    return cell
