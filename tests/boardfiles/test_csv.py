"""CSV import and export: the documented columns, a lossless round trip for what CSV carries,
and errors that name the line."""

import csv
import io
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projectflow.boardfiles import (
    BoardData,
    BoardFileError,
    CardData,
    ColumnData,
    decode_csv,
    export_csv,
    parse_csv,
)
from tests.boardfiles import boards, outcome

SPREADSHEET = (
    "\ufeffTitle,Column,Labels,Due,Archived,Assignees,Description\r\n"
    "Plan launch,Doing,marketing; urgent;;marketing,2024-03-01,,"
    'Ana@Example.com;bo@example.com,"Line one\r\n'
    'line ""two"""\r\n'
    "Fix bug,,bug,2024-03-01T09:30:00+02:00,no,,\r\n"
    "\r\n"
    ",,,,,,\r\n"
    "Old task,Done,,,YES,,\r\n"
    "Ship it,Doing,,,1,,\r\n"
)


def _error(text: str) -> BoardFileError:
    with pytest.raises(BoardFileError) as caught:
        parse_csv(text, "Board")
    return caught.value


def test_a_spreadsheet_export_is_read_with_every_column() -> None:
    assert parse_csv(SPREADSHEET, " Launch ") == BoardData(
        name="Launch",
        columns=(
            ColumnData(
                name="Doing",
                cards=(
                    CardData(
                        title="Plan launch",
                        description='Line one\r\nline "two"',
                        labels=("marketing", "urgent"),
                        due=datetime(2024, 3, 1, tzinfo=UTC),
                        assignee_emails=("ana@example.com", "bo@example.com"),
                    ),
                    CardData(title="Ship it", archived=True),
                ),
            ),
            ColumnData(
                name="To do",
                cards=(
                    CardData(
                        title="Fix bug",
                        labels=("bug",),
                        due=datetime(2024, 3, 1, 7, 30, tzinfo=UTC),
                    ),
                ),
            ),
            ColumnData(name="Done", cards=(CardData(title="Old task", archived=True),)),
        ),
    )


def test_only_the_title_column_is_required() -> None:
    assert parse_csv("title\nOne\nTwo\n", "B") == BoardData(
        name="B",
        columns=(ColumnData(name="To do", cards=(CardData(title="One"), CardData(title="Two"))),),
    )


def test_blank_lines_are_skipped_but_still_counted() -> None:
    assert parse_csv("title\n\n  \nok\n\n", "B").columns[0].cards == (CardData(title="ok"),)
    assert _error("title,due\n\n  ,\nok,\n\nbad,never\n").details == {"line": 6, "field": "due"}


def test_a_header_alone_is_an_empty_board() -> None:
    assert parse_csv("title,column\n", "B") == BoardData(name="B", columns=())


def test_export_writes_every_column_and_one_row_per_card() -> None:
    board = BoardData(
        name="B",
        columns=(
            ColumnData(
                name="Doing",
                cards=(
                    CardData(
                        title='Say "hi", then leave',
                        description="two\nlines",
                        labels=("a", "b c"),
                        due=datetime(2024, 3, 1, tzinfo=UTC),
                        assignee_emails=("ana@example.com", "bo@example.com"),
                    ),
                    CardData(
                        title="Later",
                        due=datetime(2024, 3, 1, 9, 5, 1, 5, tzinfo=UTC),
                        due_done=True,
                        archived=True,
                    ),
                ),
            ),
            ColumnData(name="Empty"),
        ),
    )
    assert export_csv(board) == (
        "title,description,column,labels,due,due_done,archived,assignees\r\n"
        '"Say ""hi"", then leave","two\nlines",Doing,a;b c,2024-03-01,false,false,'
        "ana@example.com;bo@example.com\r\n"
        "Later,,Doing,,2024-03-01T09:05:01.000005Z,true,true,\r\n"
    )


def test_due_done_reads_like_archived() -> None:
    board = parse_csv("title,due,due_done\nA,2024-03-01,yes\nB,,\n", "B")
    assert [card.due_done for card in board.columns[0].cards] == [True, False]
    error = _error("title,due_done\nA,done\n")
    assert error.message == (
        "line 2: due_done must be true or false (or yes/no, 1/0, or empty for false), not 'done'"
    )
    assert error.details == {"line": 2, "field": "due_done"}


@given(boards(csv_shaped=True))
def test_export_then_import_gives_back_the_same_board(board: BoardData) -> None:
    assert parse_csv(export_csv(board), board.name) == board


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "'=x", "''"]
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_defused_and_read_back(title: str) -> None:
    board = BoardData(name="B", columns=(ColumnData(name="C", cards=(CardData(title=title),)),))
    exported = export_csv(board)
    row = exported.splitlines()[1]
    assert row.startswith(("'", "\"'"))
    assert parse_csv(exported, "B") == board


def test_a_leading_apostrophe_that_shields_nothing_is_kept() -> None:
    card = parse_csv("title\n'Tis the season\n", "B").columns[0].cards[0]
    assert card.title == "'Tis the season"


@pytest.mark.parametrize(
    ("text", "message", "details"),
    [
        ("title,column\nok,A\n ,B\n", "line 3: the title is empty", {"line": 3, "field": "title"}),
        (
            "title,due\nok,\nx,next tuesday\n",
            "line 3: 'next tuesday' is not an ISO-8601 date or date-time",
            {"line": 3, "field": "due"},
        ),
        (
            "title,archived\nx,maybe\n",
            "line 2: archived must be true or false (or yes/no, 1/0, or empty for false), "
            "not 'maybe'",
            {"line": 2, "field": "archived"},
        ),
        (
            'title,assignees\nx,"ana@example.com, bo@example.com"\n',
            "(separate several addresses with ';')",
            {"line": 2, "field": "assignees"},
        ),
        (
            'title,description\n"multi\nline",x\ny,"z\n',
            "line 3: a quoted value starts on this line and is never closed",
            {"line": 3},
        ),
        ('title\n"a"b\n', "line 2: this line is not valid CSV", {"line": 2}),
        ("title\nx,y\n", "line 2: the line has 2 values but the header has only 1", {"line": 2}),
        (
            "title,labels\nx," + ";".join("l" * 51 for _ in range(1)) + "\n",
            "is 51 characters long; the limit is 50",
            {"line": 2, "field": "labels"},
        ),
        (
            "title,labels\nx," + ";".join(str(n) for n in range(21)) + "\n",
            "line 2: the card has 21 labels; the limit is 20",
            {"line": 2, "field": "labels"},
        ),
        (
            "title\n" + "x" * 501 + "\n",
            "line 2: the title is 501 characters long; the limit is 500",
            {"line": 2, "field": "title"},
        ),
        (
            "title,column\nx," + "c" * 201 + "\n",
            "line 2: the column name is 201 characters long",
            {"line": 2, "field": "column"},
        ),
        (
            "title\nnul\x00here\n",
            "line 2: the title contains a NUL character",
            {"line": 2, "field": "title"},
        ),
    ],
)
def test_bad_rows_are_reported_by_line(text: str, message: str, details: dict[str, object]) -> None:
    error = _error(text)
    assert message in error.message
    assert error.details == details
    assert error.status_code == 422


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "",
            "line 1: the file is empty; its first line must be a header such as title,description",
        ),
        (
            "name,due",
            "line 1: unknown header column 'name'; the allowed columns are "
            "title, description, column, labels, due, due_done, archived, assignees",
        ),
        ("title,Stage,owner", "unknown header columns 'stage', 'owner'"),
        ("title;column", "(values must be separated by commas)"),
        ("due,labels", "line 1: the header has no 'title' column"),
        ("title,TITLE", "line 1: the header names 'title' more than once"),
        ("title,,due", "line 1: header column 2 has no name"),
    ],
)
def test_bad_headers_are_explained(header: str, message: str) -> None:
    error = _error(header + "\nx\n")
    assert message in error.message
    assert error.details == {"line": 1}


def test_the_column_limit_names_the_line_of_the_101st_column() -> None:
    rows = "".join(f"t,c{n}\n" for n in range(101))
    error = _error("title,column\n" + rows)
    assert error.message == "line 102: the board has 101 columns; the limit is 100"
    assert error.details == {"line": 102, "field": "column"}


def test_the_card_limit_names_the_line_of_the_20001st_card() -> None:
    error = _error("title\n" + "t\n" * 20_001)
    assert error.message.startswith("line 20002: the board has more than 20,000 cards")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title,description\nt," + "x" * 100_001 + "\n",
            "line 2: a value on this line is 100,001 characters long; no field may hold more "
            "than 100,000 (a description holds at most 50,000)",
        ),
        (
            "title\n" + "," * 1_000 + "\n",
            "line 2: the line has 1,001 values; the limit is 1,000 (a card has at most 8)",
        ),
        (
            "title,description\n" + ("x" * 90_000 + ",") * 9 + "\n",
            "line 2: the line holds more than 800,000 characters; is a quote left open",
        ),
        (
            "title\nok\n" + "\n" * 81_000,
            "line 81001: the file has more than 81,000 lines (blank ones included); "
            "a board holds at most 20,000 cards",
        ),
    ],
    ids=["long-value", "many-values", "long-row", "many-lines"],
)
def test_rows_are_bounded_while_they_are_read(text: str, message: str) -> None:
    assert _error(text).message.startswith(message)


def test_the_process_wide_csv_field_limit_is_not_what_bounds_a_value() -> None:
    # Someone else raising the csv module's limit must not let a huge value through.
    old = csv.field_size_limit(10**9)
    try:
        error = _error("title,description\nt," + "x" * 200_000 + "\n")
    finally:
        csv.field_size_limit(old)
    assert error.message.startswith("line 2: a value on this line is 200,000 characters long")


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_the_board_name_is_checked(name: str) -> None:
    with pytest.raises(BoardFileError) as caught:
        parse_csv("title\nx\n", name)
    assert caught.value.message.startswith("the board name is")
    assert caught.value.details == {"field": "board_name"}


def test_decode_accepts_utf8_with_or_without_a_bom_and_rejects_other_encodings() -> None:
    assert decode_csv("title\nCafé\n".encode()) == "title\nCafé\n"
    assert decode_csv(b"\xef\xbb\xbftitle\n") == "title\n"
    with pytest.raises(BoardFileError, match="not UTF-8") as caught:
        decode_csv("title\nCafé\n".encode("latin-1"))
    assert caught.value.details == {"byte": 9}


@given(st.text())
def test_any_text_gives_a_board_or_a_board_file_error(text: str) -> None:
    assert isinstance(outcome(lambda: parse_csv(text, "B")), BoardData | BoardFileError)


@given(st.lists(st.lists(st.text(max_size=12), max_size=9), max_size=6))
def test_any_cells_under_a_valid_header_give_a_board_or_a_board_file_error(
    rows: list[list[str]],
) -> None:
    text = _csv_text(["title", "due", "archived", "labels", "assignees", "column"], rows)
    result = outcome(lambda: parse_csv(text, "B"))
    if isinstance(result, BoardFileError):
        assert result.details["line"] >= 2
    else:
        assert sum(len(column.cards) for column in result.columns) <= len(rows)


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue()
