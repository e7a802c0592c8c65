"""Trello's JSON export becomes a board: lists, cards, labels, checklists and comments, with the
rules of docs/board-formats.md; anything malformed is a BoardFileError at its path."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
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
    parse_trello,
)
from tests.boardfiles import json_values, mutations, outcome

FIXTURE = Path(__file__).parent / "fixtures" / "trello_sprint_board.json"
EXPORT: dict[str, Any] = json.loads(FIXTURE.read_bytes())

EXPECTED = BoardData(
    name="Sprint 14 \N{EN DASH} Checkout revamp",
    columns=(
        ColumnData(
            name="Backlog",
            cards=(
                CardData(
                    title="Add Apple Pay to checkout",
                    description=(
                        "Use the Payment Request API.\n\n"
                        "Fall back to the card form on unsupported browsers.\n"
                    ),
                    labels=("Frontend",),
                    due=datetime(2024, 3, 15, 16, tzinfo=UTC),
                    checklists=(
                        ChecklistData(
                            title="Acceptance criteria",
                            items=(
                                ChecklistItemData("Works in Safari (macOS and iOS)", done=True),
                                # A line break in an item becomes a space.
                                ChecklistItemData(
                                    "Shows the card form when Apple Pay is unavailable"
                                ),
                                ChecklistItemData("Works in Chrome on Android"),
                            ),
                        ),
                    ),
                ),
                CardData(
                    title="Investigate slow tax lookup",
                    description="p95 of the tax service is 1.8 s in EU regions.",
                    labels=("Bug", "green"),
                ),
                CardData(title="Remove legacy coupon endpoint", labels=("Backend",), archived=True),
                # Cards of the closed list "Old ideas", archived into the first open list.
                CardData(title="Gift wrapping option", archived=True),
                CardData(
                    title="One-click reorder",
                    description=(
                        "Let returning customers repeat a past order from their order history."
                    ),
                    archived=True,
                ),
            ),
        ),
        ColumnData(
            name="In progress",
            wip_limit=3,
            cards=(
                CardData(
                    title="Idempotency keys for payment retries",
                    labels=("Backend",),
                    checklists=(
                        ChecklistData(
                            title="Client",
                            items=(ChecklistItemData("Generate one key per payment attempt"),),
                        ),
                        ChecklistData(
                            title="Server",
                            items=(
                                ChecklistItemData("Store keys with a 24 h TTL", done=True),
                                ChecklistItemData("Return the cached response on replay"),
                            ),
                        ),
                    ),
                ),
                CardData(
                    title="Address form validation",
                    description=(
                        "Validate postcode, city and street before the payment step.\n"
                        "Show inline errors."
                    ),
                    labels=("Frontend", "Needs design"),
                    due=datetime(2024, 3, 8, 12, tzinfo=UTC),
                    comments=(
                        CommentData(
                            author="chloe_w",
                            body=(
                                "Design for the error states is in Figma:\n"
                                "https://www.figma.com/file/k3Yx/checkout-address"
                            ),
                            at=datetime(2024, 3, 2, 9, tzinfo=UTC),
                        ),
                        CommentData(
                            author="Ben Okafor",
                            body="Shipped the postcode regex, please re-test.",
                            at=datetime(2024, 3, 5, 10, 15, tzinfo=UTC),
                        ),
                    ),
                ),
            ),
        ),
        ColumnData(
            name="Review",
            cards=(
                CardData(
                    title="Fix rounding in order totals",
                    labels=("Bug", "Backend"),
                    due=datetime(2024, 3, 4, 9, 30, tzinfo=UTC),
                    due_done=True,
                    comments=(
                        CommentData(
                            author="Ana Souza",
                            body="Totals are off by one cent when the discount is 15%.",
                            at=datetime(2024, 3, 3, 14, 2, 11, 482_000, tzinfo=UTC),
                        ),
                    ),
                ),
            ),
        ),
        ColumnData(
            name="Done",
            cards=(
                CardData(
                    title="Spike: PayPal Express",
                    description="Dropped: PayPal's new SDK covers this.",
                    due=datetime(2024, 2, 29, tzinfo=UTC),
                    archived=True,
                ),
                CardData(title="Checkout analytics events", labels=("Frontend",)),
                CardData(
                    title="Upgrade Stripe SDK to v14",
                    description="Bump from v12 → v14 🎉 (webhook signature API changed).",
                ),
            ),
        ),
    ),
    # The labels the cards name, in the order the board first shows them; "blue_light" and
    # "purple_dark" are shades of blue and purple, and "Needs design" has no colour.
    labels=(
        LabelData("Frontend", "blue"),
        LabelData("Bug", "red"),
        LabelData("green", "green"),
        LabelData("Backend", "purple"),
        LabelData("Needs design", "gray"),
    ),
    source="trello:65e0c3a91f4b2d0012ab34cd",
)


def _parse(document: Any) -> BoardData:
    return parse_trello(json.dumps(document).encode())


def _error(document: Any) -> BoardFileError:
    with pytest.raises(BoardFileError) as caught:
        _parse(document)
    return caught.value


def _export(
    lists: list[dict[str, Any]], cards: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """A minimal Trello export: only what the importer reads, plus `extra` arrays."""
    return {"name": "Board", "lists": lists, "cards": cards, **extra}


def _list(list_id: str, pos: Any, *, closed: bool = False, **extra: Any) -> dict[str, Any]:
    return {"id": list_id, "name": f"List {list_id}", "closed": closed, "pos": pos, **extra}


def _card(card_id: str, list_id: str, pos: float = 1, **extra: Any) -> dict[str, Any]:
    return {"id": card_id, "name": f"Card {card_id}", "idList": list_id, "pos": pos, **extra}


def _titles(board: BoardData) -> list[list[str]]:
    return [[card.title for card in column.cards] for column in board.columns]


def test_the_sprint_board_export_imports_exactly() -> None:
    assert parse_trello(FIXTURE.read_bytes()) == EXPECTED


def test_the_imported_board_survives_our_own_format() -> None:
    # The import must produce a board our exporter and importer agree on (limits included);
    # where it came from is not part of our format.
    expected = replace(EXPECTED, source=None)
    assert parse_native(json.dumps(export_native(EXPECTED)).encode()) == expected


def test_lists_and_cards_follow_pos_then_file_order() -> None:
    board = _parse(
        _export(
            [_list("b", 2), _list("a", 1), _list("c", 2)],
            [_card("2", "a", 5), _card("1", "a", 0.5), _card("3", "a", 5), _card("4", "a")],
        )
    )
    assert [column.name for column in board.columns] == ["List a", "List b", "List c"]
    assert _titles(board)[0] == ["Card 1", "Card 4", "Card 2", "Card 3"]


def test_cards_of_closed_lists_need_an_open_list_and_otherwise_get_an_archive_column() -> None:
    board = _parse(_export([_list("a", 1, closed=True)], [_card("1", "a")]))
    assert board.columns == (
        ColumnData(name="Archived", cards=(CardData(title="Card 1", archived=True),)),
    )
    assert _parse(_export([_list("a", 1, closed=True)], [])).columns == ()


def test_labels_come_from_card_objects_or_else_board_label_ids() -> None:
    labels = [
        {"id": "l1", "name": "Bug", "color": "red"},
        {"id": "l2", "name": "", "color": "sky"},
        {"id": "l3", "name": " ", "color": None},
    ]
    card = _card("1", "a", idLabels=["l2", "l3", "l1", "gone"])
    board = _parse(_export([_list("a", 1)], [card], labels=labels))
    # A label with neither name nor colour, or an id not on the board, carries nothing.
    assert board.columns[0].cards[0].labels == ("sky", "Bug")


def test_comments_are_oldest_first_and_authors_fall_back_sensibly() -> None:
    def comment(text: str, date: str | None, **creator: Any) -> dict[str, Any]:
        return {
            "type": "commentCard",
            "date": date,
            "data": {"text": text, "card": {"id": "1"}},
            **creator,
        }

    actions = [
        comment("fourth", None, idMemberCreator="m9"),
        comment("third", "2024-01-03T00:00:00.000Z", idMemberCreator="m1"),
        comment("second", "2024-01-02T00:00:00.000Z", memberCreator={"username": "bo"}),
        comment("first", "2024-01-01T00:00:00.000Z", memberCreator={"fullName": "Al Ng"}),
        {
            "type": "commentCard",
            "date": "2024-01-01T00:00:00Z",
            "data": {"text": "x", "card": {"id": "deleted"}},
        },
        {"type": "updateCard", "data": "not what comments look like"},
    ]
    members = [{"id": "m1", "fullName": "", "username": "cy"}]
    board = _parse(_export([_list("a", 1)], [_card("1", "a")], actions=actions, members=members))
    comments = board.columns[0].cards[0].comments
    assert [(c.body, c.author) for c in comments] == [
        ("first", "Al Ng"),
        ("second", "bo"),
        ("third", "cy"),
        ("fourth", "Unknown"),
    ]


def test_checklists_and_their_items_follow_pos() -> None:
    checklists = [
        {
            "id": "k2",
            "idCard": "1",
            "name": "Later",
            "pos": 2,
            "checkItems": [{"name": "z", "state": "complete", "pos": 1}],
        },
        {
            "id": "k1",
            "idCard": "1",
            "name": " ",
            "pos": 1,
            "checkItems": [
                {"name": "b", "state": "incomplete", "pos": 2},
                {"name": "a\nline", "state": "complete", "pos": 1},
                {"name": "c"},
            ],
        },
        {"id": "k3", "idCard": "other", "name": "Elsewhere", "pos": 1, "checkItems": []},
    ]
    card = _card("1", "a", desc="Intro\n\n")
    board = _parse(_export([_list("a", 1)], [card], checklists=checklists))
    imported = board.columns[0].cards[0]
    assert imported.description == "Intro\n\n"
    assert imported.checklists == (
        # A checklist without a name gets one; an item without a state is not done.
        ChecklistData(
            "Checklist",
            (
                ChecklistItemData("a line", done=True),
                ChecklistItemData("b"),
                ChecklistItemData("c"),
            ),
        ),
        ChecklistData("Later", (ChecklistItemData("z", done=True),)),
    )


def test_due_complete_marks_the_due_date_done() -> None:
    cards = [
        _card("1", "a", due="2024-03-01T12:00:00.000Z", dueComplete=True),
        _card("2", "a", due="2024-03-01T12:00:00.000Z", dueComplete=False),
        _card("3", "a"),
    ]
    board = _parse(_export([_list("a", 1)], cards))
    assert [card.due_done for card in board.columns[0].cards] == [True, False, False]


def test_label_colours_come_from_the_board_and_shades_become_their_colour() -> None:
    labels = [
        {"id": "l1", "name": "Bug", "color": "red_dark"},
        {"id": "l2", "name": "", "color": "sky_light"},
        {"id": "l3", "name": "Idea", "color": None},
        {"id": "l4", "name": "Odd", "color": "mauve"},
        {"id": "l5", "name": "Unused", "color": "green"},
        {"id": "l6", "name": "Bug", "color": "blue"},
    ]
    cards = [
        _card("1", "a", idLabels=["l3", "l1", "l2"]),
        _card(
            "2", "a", labels=[{"name": "Odd", "color": "mauve"}, {"name": "New", "color": "lime"}]
        ),
    ]
    board = _parse(_export([_list("a", 1)], cards, labels=labels))
    # Only the labels cards name; the first colour of a name wins; unknown colours are gray.
    assert board.labels == (
        LabelData("Idea", "gray"),
        LabelData("Bug", "red"),
        LabelData("sky", "sky"),
        LabelData("Odd", "gray"),
        LabelData("New", "lime"),
    )


def test_the_board_id_is_where_the_board_came_from() -> None:
    assert _parse({**_export([], []), "id": "abc123"}).source == "trello:abc123"
    assert _parse(_export([], [])).source is None
    assert _parse({**_export([], []), "id": None}).source is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("4", 4), (7, 7), ("", None), ("0", None), ("lots", None), (None, None), ("9" * 5000, None)],
)
def test_a_list_soft_limit_becomes_the_wip_limit_when_readable(value: Any, expected: Any) -> None:
    board = _parse(_export([_list("a", 1, softLimit=value)], []))
    assert board.columns[0].wip_limit == expected


@pytest.mark.parametrize(
    ("document", "message", "path"),
    [
        (
            _export([_list("a", 1)], [_card("1", "a", due="next tuesday")]),
            "cards[0].due: 'next tuesday' is not an ISO-8601 date",
            "cards[0].due",
        ),
        (
            _export([_list("a", 1)], [_card("1", "a", name="  ")]),
            "cards[0].name: the title is empty",
            "cards[0].name",
        ),
        (
            _export([_list("a", 1)], [_card("1", "a", name="x" * 501)]),
            "cards[0].name: the title is 501 characters long; the limit is 500",
            "cards[0].name",
        ),
        (
            _export([_list("a", 1)], [_card("1", "missing")]),
            "cards[0].idList: the card's list 'missing' is not among the lists",
            "cards[0].idList",
        ),
        (
            _export([_list("a", 1)], [_card("1", "a", closed="no")]),
            "cards[0].closed: expected true or false, found text",
            "cards[0].closed",
        ),
        (
            _export([_list("a", "first")], []),
            "lists[0].pos: expected a number, found text",
            "lists[0].pos",
        ),
        (
            _export([{"id": "a", "pos": 1}], []),
            "lists[0].name: this field is required",
            "lists[0].name",
        ),
        (
            _export([_list("a", 1)], [_card("1", "a", labels=[{"name": "x" * 51}])]),
            "cards[0].labels: label 'xxxx",
            "cards[0].labels",
        ),
        (
            _export([_list("a", 1)], [_card("1", "a", desc="x" * 50_001)]),
            "cards[0].desc: the description is 50,001 characters long",
            "cards[0].desc",
        ),
        (
            _export(
                [_list("a", 1)],
                [_card("1", "a")],
                actions=[
                    {"type": "commentCard", "data": {"text": "x" * 10_001, "card": {"id": "1"}}}
                ],
            ),
            "actions[0].data.text: the comment is 10,001 characters long; the limit is 10,000",
            "actions[0].data.text",
        ),
        (
            _export([_list(str(n), n) for n in range(101)], []),
            "lists: the board has 101 columns; the limit is 100",
            "lists",
        ),
        (
            _export([_list("a", 1)], [_card(str(n), "a") for n in range(20_001)]),
            "cards: the board has more than 20,000 cards; the limit is 20,000",
            "cards",
        ),
        (
            {"name": "", "lists": [], "cards": []},
            "name: the board name is empty",
            "name",
        ),
        (
            _export(
                [_list("a", 1)],
                [_card("1", "a")],
                checklists=[{"idCard": "1", "name": f"C{n}", "checkItems": []} for n in range(21)],
            ),
            "checklists[20]: the card '1' has 21 checklists; the limit is 20 per card",
            "checklists[20]",
        ),
        (
            _export(
                [_list("a", 1)],
                [_card("1", "a")],
                checklists=[
                    {
                        "idCard": "1",
                        "name": "Long",
                        "checkItems": [{"name": str(n)} for n in range(201)],
                    }
                ],
            ),
            "checklists[0].checkItems: the checklist has 201 items; the limit is 200 per checklist",
            "checklists[0].checkItems",
        ),
        (
            _export(
                [_list("a", 1)],
                [_card("1", "a")],
                checklists=[{"idCard": "1", "name": "x" * 201, "checkItems": []}],
            ),
            "checklists[0].name: the checklist title is 201 characters long; the limit is 200",
            "checklists[0].name",
        ),
        (
            _export(
                [_list("a", 1)],
                [_card("1", "a")],
                checklists=[{"idCard": "1", "name": "C", "checkItems": [{"name": " "}]}],
            ),
            "checklists[0].checkItems[0].name: the checklist item is empty",
            "checklists[0].checkItems[0].name",
        ),
        (
            _export([_list("a", 1)], [_card("1", "a", dueComplete="yes")]),
            "cards[0].dueComplete: expected true or false, found text",
            "cards[0].dueComplete",
        ),
        (
            {**_export([], []), "id": 42},
            "id: expected text, found the number 42",
            "id",
        ),
    ],
)
def test_bad_values_are_reported_at_their_path(
    document: dict[str, Any], message: str, path: str
) -> None:
    error = _error(document)
    assert message in error.message
    assert error.details["path"] == path


@pytest.mark.parametrize(
    ("pos", "problem"), [("1" + "0" * 400, "a whole number"), ("1e400", "a number")]
)
def test_numbers_too_large_for_an_int64_or_a_double_are_refused_where_they_are(
    pos: str, problem: str
) -> None:
    # Stricter than json.loads, which read them as huge ints or infinity: yajl refuses them.
    data = b'{"name": "B",\n "lists": [{"id": "a", "name": "A", "pos": ' + pos.encode() + b"}]}"
    with pytest.raises(BoardFileError) as caught:
        parse_trello(data)
    assert caught.value.message.startswith(
        f"the file is not JSON this server can read: {problem} too large to read at line 2"
    )
    assert caught.value.details["line"] == 2


def test_a_closed_list_does_not_count_towards_the_column_limit() -> None:
    lists = [_list(str(n), n) for n in range(100)] + [_list("old", 0, closed=True)]
    assert len(_parse(_export(lists, [])).columns) == 100


@pytest.mark.parametrize(
    "document",
    [
        [EXPORT],
        {"name": "Board"},
        {"format": "projectflow.board", "version": 1, "board": {"name": "B", "columns": []}},
    ],
)
def test_other_json_is_recognised_as_not_a_trello_export(document: Any) -> None:
    assert "this is not a Trello board export" in _error(document).message


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        json.dumps(EXPORT).encode("utf-16"),
        json.dumps({"name": "Café", "lists": [], "cards": []}, ensure_ascii=False).encode(
            "latin-1"
        ),
        b'{"name": "B", "lists": [], "cards": [' + b"[" * 50_000,
    ],
    ids=["empty", "png", "utf-16", "latin-1", "deep"],
)
def test_hostile_bytes_raise_only_board_file_errors(data: bytes) -> None:
    with pytest.raises(BoardFileError):
        parse_trello(data)


@given(st.binary())
def test_random_bytes_raise_board_file_errors(data: bytes) -> None:
    with pytest.raises(BoardFileError):
        parse_trello(data)


@settings(max_examples=50)
@given(st.integers(min_value=0))
def test_a_truncated_export_raises_a_board_file_error(cut: int) -> None:
    data = FIXTURE.read_bytes().rstrip()
    with pytest.raises(BoardFileError):
        parse_trello(data[: cut % len(data)])


@given(json_values)
def test_arbitrary_json_raises_board_file_errors(value: Any) -> None:
    assume(not (isinstance(value, dict) and {"lists", "cards", "name"} <= value.keys()))
    with pytest.raises(BoardFileError):
        _parse(value)


@settings(max_examples=300)
@given(mutations(EXPORT))
def test_a_value_of_any_type_anywhere_gives_a_board_or_a_board_file_error(document: Any) -> None:
    assert isinstance(outcome(lambda: _parse(document)), BoardData | BoardFileError)
