"""The bounded JSON reader: it builds only what a shape reads, refuses a file the moment it
crosses a bound, and reports bad bytes where they are."""

from typing import Any

import pytest

from projectflow.boardfiles import BoardFileError
from projectflow.boardfiles.bounded_json import MAX_DEPTH, Fields, Items, Leaf, Limit, read_json
from projectflow.boardfiles.errors import Node
from projectflow.boardfiles.json_bytes import BACKEND
from projectflow.boardfiles.model import check_text


def _error(data: bytes, shape: Fields) -> BoardFileError:
    with pytest.raises(BoardFileError) as caught:
        read_json(data, shape)
    return caught.value


def _is_kept(value: Any) -> bool:
    """Like Trello's comments: items of the right type, and anything that is not an item."""
    return not isinstance(value, dict) or value.get("type") == "keep"


def test_the_c_backend_is_the_one_in_use() -> None:
    assert BACKEND.backend_name == "yajl2_c"


def test_only_what_the_shape_reads_is_built() -> None:
    shape = Fields({"a": Leaf(), "b": Fields({"c": Leaf()})})
    root = read_json(b'{"a": 1, "x": {"deep": [1, 2, {"y": []}]}, "b": {"c": "z", "d": 2}}', shape)
    assert root.value == {"a": 1, "b": {"c": "z"}}


def test_a_value_of_the_wrong_kind_keeps_only_its_kind_for_the_parser_to_refuse() -> None:
    shape = Fields({"a": Leaf(), "b": Fields({"c": Leaf()}), "l": Items(Leaf(), Limit(9, "ls"))})
    root = read_json(b'{"a": {"x": 1}, "b": [1, 2], "l": {"y": 2}}', shape)
    assert root.value == {"a": {}, "b": [], "l": {}}
    with pytest.raises(BoardFileError, match=r"^a: expected text, found an object$"):
        root.get("a").text()
    with pytest.raises(BoardFileError, match=r"^l: expected a list, found an object$"):
        root.get("l").items()


def test_a_limit_counts_items_over_the_whole_file() -> None:
    labels = Limit(3, "labels")
    shape = Fields({"cards": Items(Fields({"labels": Items(Leaf(), labels)}), Limit(9, "cards"))})
    data = b'{"cards": [{"labels": ["a", "b"]}, {"labels": ["c", "d"]}]}'
    error = _error(data, shape)
    assert error.message == "cards[1].labels: the board has more than 3 labels; the limit is 3"
    assert error.details == {"path": "cards[1].labels", "field": "labels"}


def test_a_limit_is_refused_as_soon_as_it_is_crossed() -> None:
    # The file is cut short after the fourth item: the limit, met first, is what is reported.
    shape = Fields({"l": Items(Leaf(), Limit(3, "items"))})
    assert _error(b'{"l": [1, 2, 3, 4, 5', shape).message == (
        "l: the board has more than 3 items; the limit is 3"
    )


def test_filtered_items_keep_their_place_in_the_file() -> None:
    shape = Fields(
        {"l": Items(Fields({"type": Leaf(), "n": Leaf()}), Limit(9, "items"), keep=_is_kept)}
    )
    root = read_json(b'{"l": [{"type": "drop"}, {"type": "keep", "n": 1}, "odd"]}', shape)
    assert [(node.where.path, node.value) for node in root.get("l").items()] == [
        ("l[1]", {"type": "keep", "n": 1}),
        ("l[2]", ""),
    ]


def test_over_long_text_counts_only_in_a_kept_item() -> None:
    item = Fields({"type": Leaf(), "text": Leaf(10, "comment")})
    shape = Fields({"l": Items(item, Limit(9, "items"), keep=_is_kept)})
    long = b'"' + b"x" * 121 + b'"'
    dropped = b'{"l": [{"text": ' + long + b', "type": "drop"}]}'
    assert read_json(dropped, shape).get("l").items() == []
    kept = b'{"l": [{"type": "drop"}, {"text": ' + long + b', "type": "keep"}]}'
    assert _error(kept, shape).message == (
        "l[1].text: the comment is 121 characters long; the limit is 10"
    )


def test_kept_items_have_a_limit_of_their_own() -> None:
    shape = Fields(
        {
            "l": Items(
                Fields({"type": Leaf()}),
                Limit(9, "actions"),
                keep=_is_kept,
                kept=Limit(1, "comments"),
            )
        }
    )
    data = b'{"l": [{"type": "keep"}, {"type": "x"}, {"type": "keep"}]}'
    assert _error(data, shape).message == "l[2]: the board has more than 1 comments; the limit is 1"


def test_text_is_read_up_to_twice_its_limit_and_refused_beyond() -> None:
    shape = Fields({"t": Leaf(10, "title")})
    assert read_json(b'{"t": "' + b"x" * 120 + b'"}', shape).value == {"t": "x" * 120}
    error = _error(b'{"t": "' + b"x" * 121 + b'"}', shape)
    assert error.message == "t: the title is 121 characters long; the limit is 10"


def test_unknown_members_are_skipped_recorded_or_refused() -> None:
    data = b'{"a": 1, "zz": [1, 2], "yy": 3}'
    assert read_json(data, Fields({"a": Leaf()})).value == {"a": 1}
    assert read_json(data, Fields({"a": Leaf()}, unknown="record")).value == {"a": 1, "zz": None}
    error = _error(data, Fields({"a": Leaf(), "b": Leaf()}, unknown="reject"))
    assert error.message == "unknown field 'zz'; the allowed fields are a, b"


def test_nesting_is_bounded_in_skipped_values_too() -> None:
    shape = Fields({"a": Leaf()})
    deep = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert read_json(b'{"skipped": ' + deep[2:-2] + b"}", shape).value == {}
    error = _error(b'{"skipped": ' + deep + b"}", shape)
    assert error.message == (
        f"skipped: values are nested more than {MAX_DEPTH} levels deep here; "
        f"the limit is {MAX_DEPTH}"
    )


@pytest.mark.parametrize(
    ("escaped", "expected"),
    [
        (rb"a\ud83d\ude00b", "a\U0001f600b"),  # a pair is one character
        (rb"a\ud800b", "a\ud800b"),  # unpaired high, kept for check_text to refuse
        (rb"a\udc00b", "a\ud800b"),  # unpaired low, likewise (as a high: only its kind matters)
        (rb"a\\ud800b", "a\\ud800b"),  # an escaped backslash: text, not a surrogate
        (rb"\ud800\ud800\udc00", "\ud800\U00010000"),
    ],
)
def test_surrogate_escapes_read_as_json_loads_read_them(escaped: bytes, expected: str) -> None:
    root = read_json(b'{"t": "' + escaped + b'", "skipped": "\\ud800"}', Fields({"t": Leaf()}))
    assert root.value == {"t": expected}


def test_an_unpaired_surrogate_is_refused_at_its_path() -> None:
    node = read_json(b'{"t": "x\\udc00"}', Fields({"t": Leaf()})).get("t")
    with pytest.raises(BoardFileError, match=r"^t: the title contains an unpaired surrogate"):
        check_text(node.text(), node.where, "title")


def test_a_syntax_error_is_located_by_line_and_character() -> None:
    error = _error('{"a":\n "éé", x}'.encode(), Fields({"a": Leaf()}))
    assert error.message == (
        "the file is not valid JSON: invalid char in json text at line 2, column 8"
    )
    assert error.details == {"line": 2, "column": 8}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file ends too early (is it cut short?) at line 1, column 1"),
        (b'{"a": [1, 2', "the file ends too early (is it cut short?) at line 1, column 12"),
        (b"{} []", "trailing garbage at line 1, column 4"),
        (b"\xef\xbb\xbf{\n,}", "invalid object key (must be a string) at line 2, column 1"),
    ],
)
def test_invalid_json_says_what_and_where(data: bytes, message: str) -> None:
    error = _error(data, Fields({"a": Leaf()}))
    assert error.message == f"the file is not valid JSON: {message}"


def test_a_byte_order_mark_is_skipped_and_bad_utf8_is_located() -> None:
    assert read_json(b'\xef\xbb\xbf{"a": 1}', Fields({"a": Leaf()})).value == {"a": 1}
    error = _error(b'\xef\xbb\xbf{"a": "\xff"}', Fields({"a": Leaf()}))
    assert error.message.startswith("the file is not UTF-8 text (unreadable byte at offset 10)")
    assert error.details == {"byte": 10}


def test_the_result_is_a_node_the_parsers_read() -> None:
    root = read_json(b'{"a": "x"}', Fields({"a": Leaf()}))
    assert isinstance(root, Node)
    assert root.get("a").text() == "x"
    assert root.get("b").missing
