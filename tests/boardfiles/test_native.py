"""ProjectFlow's own board file: exact shape, lossless round trip, and errors that point at
the broken field."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projectflow.boardfiles import (
    BoardData,
    BoardFileError,
    CardData,
    ChecklistData,
    ChecklistItemData,
    ColumnData,
    CommentData,
    LabelData,
    export_native,
    parse_native,
)
from tests.boardfiles import boards, json_values, mutations, outcome, with_parents

BOARD = BoardData(
    name="Launch",
    columns=(
        ColumnData(
            name="Doing",
            wip_limit=3,
            cards=(
                CardData(
                    title="Write the press release",
                    description="Draft in **Markdown**.",
                    labels=("PR", "Urgent"),
                    due=datetime(2024, 3, 1, 12, 30, tzinfo=UTC),
                    assignee_emails=("ana@example.com",),
                    comments=(
                        CommentData(
                            author="Ben", body="Looks good", at=datetime(2024, 2, 1, tzinfo=UTC)
                        ),
                        CommentData(author="Ana", body="Thanks!", at=None),
                    ),
                    checklists=(
                        ChecklistData(
                            title="Before sending",
                            items=(
                                ChecklistItemData("Quote from the CEO", done=True),
                                ChecklistItemData("Legal review"),
                            ),
                        ),
                        ChecklistData(title="Later"),
                    ),
                ),
                CardData(title="Old idea", archived=True),
            ),
        ),
        ColumnData(
            name="Done",
            done=True,
            cards=(
                CardData(
                    title="Book the venue",
                    due=datetime(2024, 2, 20, tzinfo=UTC),
                    due_done=True,
                    parent=(0, 0),
                ),
            ),
        ),
    ),
    labels=(LabelData("PR", "sky"), LabelData("Urgent", "red")),
)

DOCUMENT: dict[str, Any] = {
    "format": "projectflow.board",
    "version": 3,
    "board": {
        "name": "Launch",
        "labels": [{"name": "PR", "color": "sky"}, {"name": "Urgent", "color": "red"}],
        "columns": [
            {
                "name": "Doing",
                "wip_limit": 3,
                "done": False,
                "cards": [
                    {
                        "title": "Write the press release",
                        "description": "Draft in **Markdown**.",
                        "labels": ["PR", "Urgent"],
                        "due": "2024-03-01T12:30:00Z",
                        "due_done": False,
                        "archived": False,
                        "assignees": ["ana@example.com"],
                        "checklists": [
                            {
                                "title": "Before sending",
                                "items": [
                                    {"text": "Quote from the CEO", "done": True},
                                    {"text": "Legal review", "done": False},
                                ],
                            },
                            {"title": "Later", "items": []},
                        ],
                        "comments": [
                            {"author": "Ben", "body": "Looks good", "at": "2024-02-01T00:00:00Z"},
                            {"author": "Ana", "body": "Thanks!", "at": None},
                        ],
                        "parent": None,
                    },
                    {
                        "title": "Old idea",
                        "description": "",
                        "labels": [],
                        "due": None,
                        "due_done": False,
                        "archived": True,
                        "assignees": [],
                        "checklists": [],
                        "comments": [],
                        "parent": None,
                    },
                ],
            },
            {
                "name": "Done",
                "wip_limit": None,
                "done": True,
                "cards": [
                    {
                        "title": "Book the venue",
                        "description": "",
                        "labels": [],
                        "due": "2024-02-20T00:00:00Z",
                        "due_done": True,
                        "archived": False,
                        "assignees": [],
                        "checklists": [],
                        "comments": [],
                        "parent": {"column": 0, "card": 0},
                    }
                ],
            },
        ],
    },
}

# Written before checklists, label colours, completed due dates and done columns.
VERSION_1: dict[str, Any] = {
    "format": "projectflow.board",
    "version": 1,
    "board": {
        "name": "Launch",
        "columns": [
            {
                "name": "Doing",
                "wip_limit": 3,
                "cards": [
                    {
                        "title": "Write the press release",
                        "description": "",
                        "labels": ["PR"],
                        "due": "2024-03-01T12:30:00Z",
                        "archived": False,
                        "assignees": [],
                        "comments": [],
                    }
                ],
            },
            {"name": "Done", "wip_limit": None, "cards": []},
        ],
    },
}


def _encode(document: Any) -> bytes:
    return json.dumps(document).encode()


def _error(document: Any) -> BoardFileError:
    with pytest.raises(BoardFileError) as caught:
        parse_native(_encode(document) if not isinstance(document, bytes) else document)
    return caught.value


def _with_card(**fields: Any) -> dict[str, Any]:
    """A valid document whose only card has `fields` (so the card is board.columns[0].cards[0])."""
    card = {"title": "A card", **fields}
    return {
        "format": "projectflow.board",
        "version": 2,
        "board": {"name": "B", "columns": [{"name": "C", "cards": [card]}]},
    }


def _with_labels(labels: Any) -> dict[str, Any]:
    return {
        "format": "projectflow.board",
        "version": 2,
        "board": {"name": "B", "labels": labels, "columns": []},
    }


def _checklist(items: int = 0, title: str = "Steps") -> dict[str, Any]:
    return {"title": title, "items": [{"text": f"item {n}"} for n in range(items)]}


def test_export_writes_the_documented_shape() -> None:
    assert export_native(BOARD) == DOCUMENT


def test_parse_reads_the_documented_shape() -> None:
    assert parse_native(_encode(DOCUMENT)) == BOARD


@given(boards())
def test_export_then_parse_gives_back_the_same_board(board: BoardData) -> None:
    assert parse_native(json.dumps(export_native(board)).encode()) == board


@given(boards().flatmap(with_parents))
def test_subtasks_keep_their_parents_through_export_and_parse(board: BoardData) -> None:
    assert parse_native(json.dumps(export_native(board)).encode()) == board


def test_a_version_1_file_still_imports() -> None:
    assert parse_native(_encode(VERSION_1)) == BoardData(
        name="Launch",
        columns=(
            ColumnData(
                name="Doing",
                wip_limit=3,
                cards=(
                    CardData(
                        title="Write the press release",
                        labels=("PR",),
                        due=datetime(2024, 3, 1, 12, 30, tzinfo=UTC),
                    ),
                ),
            ),
            ColumnData(name="Done"),
        ),
    )


def test_checklist_texts_are_stripped_and_items_default_to_not_done() -> None:
    document = _with_card(
        checklists=[{"title": "  Steps ", "items": [{"text": " one "}, {"text": "two"}]}]
    )
    card = parse_native(_encode(document)).columns[0].cards[0]
    assert card.checklists == (
        ChecklistData("Steps", (ChecklistItemData("one"), ChecklistItemData("two"))),
    )


def test_optional_fields_default_and_values_are_normalised() -> None:
    document = _with_card(
        title="  Padded  ",
        labels=[" a ", "a", "", "b"],
        assignees=["Ana@Example.COM", "ana@example.com"],
        due="2024-03-01",
    )
    card = parse_native(_encode(document)).columns[0].cards[0]
    assert card == CardData(
        title="Padded",
        labels=("a", "b"),
        assignee_emails=("ana@example.com",),
        due=datetime(2024, 3, 1, tzinfo=UTC),
    )


def test_due_with_an_offset_is_converted_to_utc() -> None:
    card = parse_native(_encode(_with_card(due="2024-03-01T09:00:00+02:00"))).columns[0].cards[0]
    assert card.due == datetime(2024, 3, 1, 7, tzinfo=UTC)
    assert card.due.tzinfo is UTC


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert parse_native(b"\xef\xbb\xbf" + _encode(DOCUMENT)) == BOARD


@pytest.mark.parametrize(
    ("document", "message", "details"),
    [
        (
            _with_card(due="next tuesday"),
            "board.columns[0].cards[0].due: 'next tuesday' is not an ISO-8601 date",
            {"path": "board.columns[0].cards[0].due", "field": "due"},
        ),
        (
            _with_card(title="   "),
            "board.columns[0].cards[0].title: the title is empty",
            {"path": "board.columns[0].cards[0].title", "field": "title"},
        ),
        (
            _with_card(title=None),
            "board.columns[0].cards[0].title: expected text, found null",
            {"path": "board.columns[0].cards[0].title", "field": "title"},
        ),
        (
            _with_card(title="x" * 501),
            "the title is 501 characters long; the limit is 500",
            {"path": "board.columns[0].cards[0].title", "field": "title"},
        ),
        (
            _with_card(description="x" * 50_001),
            "the description is 50,001 characters long; the limit is 50,000",
            {"path": "board.columns[0].cards[0].description", "field": "description"},
        ),
        (
            _with_card(labels=["x" * 51]),
            "is 51 characters long; the limit is 50",
            {"path": "board.columns[0].cards[0].labels", "field": "labels"},
        ),
        (
            _with_card(labels=[str(n) for n in range(21)]),
            "the card has 21 labels; the limit is 20",
            {"path": "board.columns[0].cards[0].labels", "field": "labels"},
        ),
        (
            _with_card(labels="a;b"),
            "board.columns[0].cards[0].labels: expected a list, found text",
            {"path": "board.columns[0].cards[0].labels", "field": "labels"},
        ),
        (
            _with_card(labels=[1]),
            "board.columns[0].cards[0].labels[0]: expected text, found the number 1",
            {"path": "board.columns[0].cards[0].labels[0]", "field": "labels"},
        ),
        (
            _with_card(archived="yes"),
            "board.columns[0].cards[0].archived: expected true or false, found text",
            {"path": "board.columns[0].cards[0].archived", "field": "archived"},
        ),
        (
            _with_card(assignees=["not-an-email"]),
            "'not-an-email' is not an email address",
            {"path": "board.columns[0].cards[0].assignees", "field": "assignees"},
        ),
        (
            _with_card(assignee=["ana@example.com"]),
            "unknown field 'assignee'; the allowed fields are archived, assignees, checklists",
            {"path": "board.columns[0].cards[0]", "field": "cards"},
        ),
        (
            _with_card(comments=[{"author": "A", "body": "x" * 10_001}]),
            "the comment is 10,001 characters long; the limit is 10,000",
            {"path": "board.columns[0].cards[0].comments[0].body", "field": "body"},
        ),
        (
            _with_card(comments=[{"author": "A", "body": " \n"}]),
            "board.columns[0].cards[0].comments[0].body: the comment is empty",
            {"path": "board.columns[0].cards[0].comments[0].body", "field": "body"},
        ),
        (
            _with_card(comments=[{"body": "hi"}]),
            "board.columns[0].cards[0].comments[0].author: this field is required",
            {"path": "board.columns[0].cards[0].comments[0].author", "field": "author"},
        ),
        (
            _with_card(title="a\x00b"),
            "the title contains a NUL character, which cannot be stored",
            {"path": "board.columns[0].cards[0].title", "field": "title"},
        ),
        (
            _with_card(due_done="yes"),
            "board.columns[0].cards[0].due_done: expected true or false, found text",
            {"path": "board.columns[0].cards[0].due_done", "field": "due_done"},
        ),
        (
            _with_card(checklists=[_checklist()] * 21),
            "board.columns[0].cards[0].checklists: the card has 21 checklists; "
            "the limit is 20 per card",
            {"path": "board.columns[0].cards[0].checklists", "field": "checklists"},
        ),
        (
            _with_card(checklists=[_checklist(), _checklist(201)]),
            "board.columns[0].cards[0].checklists[1].items: the checklist has 201 items; "
            "the limit is 200 per checklist",
            {"path": "board.columns[0].cards[0].checklists[1].items", "field": "items"},
        ),
        (
            _with_card(checklists=[_checklist(title=" ")]),
            "board.columns[0].cards[0].checklists[0].title: the checklist title is empty",
            {"path": "board.columns[0].cards[0].checklists[0].title", "field": "title"},
        ),
        (
            _with_card(checklists=[_checklist(title="x" * 201)]),
            "the checklist title is 201 characters long; the limit is 200",
            {"path": "board.columns[0].cards[0].checklists[0].title", "field": "title"},
        ),
        (
            _with_card(checklists=[{"title": "T", "items": [{"text": "x" * 1_001}]}]),
            "checklists[0].items[0].text: the checklist item is 1,001 characters long; "
            "the limit is 1,000",
            {"path": "board.columns[0].cards[0].checklists[0].items[0].text", "field": "text"},
        ),
        (
            _with_card(checklists=[{"title": "T", "items": [{"text": "a", "done": "yes"}]}]),
            "checklists[0].items[0].done: expected true or false, found text",
            {"path": "board.columns[0].cards[0].checklists[0].items[0].done", "field": "done"},
        ),
        (
            _with_card(checklists=[{"title": "T", "items": [{"txt": "a"}]}]),
            "unknown field 'txt'; the allowed fields are done, text",
            {"path": "board.columns[0].cards[0].checklists[0].items[0]", "field": "items"},
        ),
        (
            _with_labels([{"name": "Bug", "color": "mauve"}]),
            "board.labels[0].color: 'mauve' is not a label colour; the colours are green, "
            "yellow, orange, red, purple, blue, sky, lime, pink, black, gray",
            {"path": "board.labels[0].color", "field": "color"},
        ),
        (
            _with_labels([{"name": "Bug", "color": "red"}, {"name": " Bug ", "color": "blue"}]),
            "board.labels[1]: label 'Bug' is listed more than once",
            {"path": "board.labels[1]", "field": "labels"},
        ),
        (
            _with_labels([{"name": "x" * 51, "color": "red"}]),
            "board.labels[0].name: the label is 51 characters long; the limit is 50",
            {"path": "board.labels[0].name", "field": "name"},
        ),
        (
            _with_labels([{"name": "Bug"}]),
            "board.labels[0].color: this field is required",
            {"path": "board.labels[0].color", "field": "color"},
        ),
    ],
)
def test_bad_values_are_reported_at_their_path(
    document: dict[str, Any], message: str, details: dict[str, Any]
) -> None:
    error = _error(document)
    assert message in error.message
    assert error.details == details
    assert error.status_code == 422
    assert error.body()["error"]["code"] == "invalid_board_file"


def test_a_lone_surrogate_escape_is_rejected() -> None:
    raw = _encode(_with_card()).replace(b'"A card"', b'"A \\ud800 card"')
    assert "unpaired surrogate" in _error(raw).message


def _with_cards(*cards: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "projectflow.board",
        "version": 3,
        "board": {"name": "B", "columns": [{"name": "C", "cards": list(cards)}]},
    }


def test_parents_are_named_by_their_place_in_the_file() -> None:
    document = _with_cards(
        {"title": "Epic"},
        {"title": "Step", "parent": {"column": 0, "card": 0}},
        {"title": "Loose", "parent": None},
    )
    document["board"]["columns"].append(
        {"name": "D", "cards": [{"title": "Later step", "parent": {"column": 0, "card": 1}}]}
    )
    board = parse_native(_encode(document))
    parents = [card.parent for column in board.columns for card in column.cards]
    assert parents == [None, (0, 0), None, (0, 1)]


def _parent(column: Any, card: Any) -> dict[str, Any]:
    return {"column": column, "card": card}


@pytest.mark.parametrize(
    ("cards", "message", "path"),
    [
        (
            [{"title": "a", "parent": _parent(0, 1)}],
            "there is no card 1 in column 0 (both counted from 0)",
            "board.columns[0].cards[0].parent",
        ),
        (
            [{"title": "a"}, {"title": "b", "parent": _parent(1, 0)}],
            "there is no card 0 in column 1",
            "board.columns[0].cards[1].parent",
        ),
        (
            [{"title": "a", "parent": _parent(0, 0)}],
            "a card cannot be its own parent",
            "board.columns[0].cards[0].parent",
        ),
        (
            [
                {"title": "a"},
                {"title": "b", "parent": _parent(0, 2)},
                {"title": "c", "parent": _parent(0, 3)},
                {"title": "d", "parent": _parent(0, 1)},
            ],
            "the card is a subtask of its own subtask: parents must not form a loop",
            "board.columns[0].cards[1].parent",
        ),
        (
            [{"title": "a", "parent": _parent(0, -1)}],
            "expected a position counting from 0, found the number -1",
            "board.columns[0].cards[0].parent.card",
        ),
        (
            [{"title": "a", "parent": _parent(None, 0)}],
            "expected a position counting from 0, found null",
            "board.columns[0].cards[0].parent.column",
        ),
        (
            [{"title": "a", "parent": {"column": 0}}],
            "this field is required",
            "board.columns[0].cards[0].parent.card",
        ),
        (
            [{"title": "a", "parent": _parent(0, 0) | {"id": "x"}}],
            "unknown field 'id'; the allowed fields are card, column",
            "board.columns[0].cards[0].parent",
        ),
        (
            [{"title": "a", "parent": "0/1"}],
            "expected an object, found text",
            "board.columns[0].cards[0].parent",
        ),
    ],
)
def test_bad_parents_are_reported_at_their_path(
    cards: list[dict[str, Any]], message: str, path: str
) -> None:
    error = _error(_with_cards(*cards))
    assert message in error.message
    assert error.details["path"] == path


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ([{"name": " "}], "board.columns[0].name: the column name is empty"),
        ([{"name": "x" * 201}], "the column name is 201 characters long; the limit is 200"),
        ([{"name": "C", "wip_limit": 0}], "the WIP limit must be between 1 and 20,000, not 0"),
        ([{"name": "C", "wip_limit": True}], "wip_limit: expected a whole number, found true"),
        ([{"name": "C", "wip_limit": 2.5}], "wip_limit: expected a whole number"),
        (
            [{"name": str(n)} for n in range(101)],
            "board.columns: the board has more than 100 columns; the limit is 100",
        ),
        (
            [{"name": "C", "cards": [{"title": "t"}] * 20_001}],
            "board.columns[0].cards: the board has more than 20,000 cards",
        ),
    ],
)
def test_column_and_board_limits(columns: list[dict[str, Any]], message: str) -> None:
    document = {
        "format": "projectflow.board",
        "version": 1,
        "board": {"name": "B", "columns": columns},
    }
    assert message in _error(document).message


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([1, 2], "this is not a ProjectFlow board file: expected a JSON object, found a list"),
        (
            {"board": {}},
            "format: this is not a ProjectFlow board file: expected 'projectflow.board'",
        ),
        ({"format": "trello", "version": 1}, "expected 'projectflow.board', found 'trello'"),
        (
            {"format": "projectflow.board"},
            "the format version is missing; this server reads 1, 2 and 3",
        ),
        (
            {"format": "projectflow.board", "version": 4, "board": {}},
            "version 4 of the board format is not supported; this server reads versions 1, 2 and 3",
        ),
        ({"format": "projectflow.board", "version": "1"}, "version: expected a whole number"),
        ({"format": "projectflow.board", "version": 1}, "board: this field is required"),
        (
            {
                "format": "projectflow.board",
                "version": 1,
                "board": {"name": "B", "columns": []},
                "x": 1,
            },
            "unknown field 'x'; the allowed fields are board, format, version",
        ),
    ],
)
def test_files_that_are_not_ours_say_so(document: Any, message: str) -> None:
    assert message in _error(document).message


def test_invalid_json_reports_line_and_column() -> None:
    error = _error(b'{\n  "format": "projectflow.board",\n  "version": 1,,\n}')
    assert error.message.startswith("the file is not valid JSON: ")
    assert error.details == {"line": 3, "column": 16}


def test_other_encodings_are_rejected_with_advice() -> None:
    error = _error(json.dumps(DOCUMENT).encode("utf-16"))
    assert "not UTF-8" in error.message


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x01\x02", b"[" * 100_000, b"1" * 10_000, b"NaN", b"\xff\xfe{}", b"null"],
    ids=["empty", "binary", "deep", "huge-number", "nan", "bad-bytes", "null"],
)
def test_hostile_bytes_raise_only_board_file_errors(data: bytes) -> None:
    with pytest.raises(BoardFileError):
        parse_native(data)


@given(st.binary())
def test_random_bytes_raise_board_file_errors(data: bytes) -> None:
    with pytest.raises(BoardFileError):
        parse_native(data)


@given(st.integers(min_value=0))
def test_truncated_files_raise_board_file_errors(cut: int) -> None:
    data = _encode(DOCUMENT)
    with pytest.raises(BoardFileError):
        parse_native(data[: cut % len(data)])


@given(json_values)
def test_arbitrary_json_raises_board_file_errors(value: Any) -> None:
    with pytest.raises(BoardFileError):
        parse_native(_encode(value))


@given(mutations(DOCUMENT))
def test_a_value_of_any_type_anywhere_gives_a_board_or_a_board_file_error(document: Any) -> None:
    assert isinstance(outcome(lambda: parse_native(_encode(document))), BoardData | BoardFileError)
