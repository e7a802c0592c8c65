"""Telling board files apart by their first bytes, and refusing what is none of them."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projectflow.boardfiles import (
    HEAD,
    BoardData,
    BoardFileError,
    ColumnData,
    detect_format,
    export_csv,
    export_native,
    trello_board_id,
)

TRELLO = (Path(__file__).parent / "fixtures" / "trello_sprint_board.json").read_bytes()
NATIVE = json.dumps(export_native(BoardData(name="B", columns=(ColumnData("C"),)))).encode()


def _detect(data: bytes) -> str:
    return detect_format(data[:HEAD], whole=len(data) <= HEAD)


def _refused(data: bytes) -> str:
    with pytest.raises(BoardFileError) as caught:
        _detect(data)
    assert caught.value.status_code == 422
    return caught.value.message


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (TRELLO, "trello"),
        (b"\xef\xbb\xbf  \n" + TRELLO, "trello"),
        (NATIVE, "json"),
        (b'{"version": 2, "format": "projectflow.board", "board": {}}', "json"),
        # Ours with a wrong marker, or JSON that breaks early: the JSON parser says what is wrong.
        (b'{"format": "projectflow.boards", "version": 2}', "json"),
        (b'{"board": {"name": "B", "columns": []}}', "json"),
        (b'{"name": "B",, "lists": []}', "json"),
        (b'{"name": "B"', "json"),
        # A hand-made Trello export with only the members the importer reads.
        (b'{"name": "B", "cards": [], "lists": []}', "trello"),
        (export_csv(BoardData(name="B", columns=())).encode(), "csv"),
        (b"\xef\xbb\xbfTitle;Column\r\nA;B\r\n", "csv"),
        ("title\nCafé ☕\n".encode(), "csv"),
    ],
    ids=[
        "trello",
        "trello-bom-space",
        "native",
        "native-format-later",
        "native-wrong-marker",
        "native-without-marker",
        "broken-json",
        "truncated-json",
        "minimal-trello",
        "csv",
        "csv-bom-semicolons",
        "csv-utf8",
    ],
)
def test_each_format_is_recognised(data: bytes, kind: str) -> None:
    assert _detect(data) == kind


def test_a_trello_export_far_larger_than_the_head_is_recognised() -> None:
    export = json.loads(TRELLO)
    export["cards"] = export["cards"] * 200
    data = json.dumps(export).encode()
    assert len(data) > 2 * HEAD
    assert _detect(data) == "trello"
    assert trello_board_id(data[:HEAD], whole=False) == "65e0c3a91f4b2d0012ab34cd"


def test_a_multibyte_character_cut_by_the_head_is_not_an_error() -> None:
    data = b"title\nA" + "é".encode() * HEAD  # the head ends inside an é
    assert detect_format(data[:HEAD], whole=False) == "csv"
    with pytest.raises(BoardFileError, match="not UTF-8"):
        detect_format(data[:HEAD], whole=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"  \n\t", "the file is empty (only blank space)"),
        (b"[1, 2]", "the file is a JSON list; expected a Trello JSON export"),
        (
            b'{"title": "A", "column": "B"}',
            "the file is JSON, but neither a Trello board export (with 'lists' and 'cards'",
        ),
        (
            b'{"padding": "' + b"x" * HEAD + b'"}',
            "the file is JSON, but neither a Trello board export",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00", "the file is a ZIP archive (an Excel or Numbers workbook"),
        (TRELLO.decode().encode("utf-16"), "the file is UTF-16 text; save it as UTF-8"),
        (b"%PDF-1.7\n", "the file is a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "the file is a PNG image"),
        (b"\x1f\x8b\x08\x00", "the file is a gzip archive"),
        (b"title\nA\x00B\n", "the file is not text (binary data at byte 7)"),
        ("title\nCafé\n".encode("latin-1"), "the file is not UTF-8 text (unreadable byte at"),
    ],
    ids=[
        "blank",
        "json-list",
        "other-json",
        "other-json-long",
        "xlsx",
        "utf-16",
        "pdf",
        "png",
        "gzip",
        "nul",
        "latin-1",
    ],
)
def test_what_is_no_board_file_is_refused_saying_what_it_seems_to_be(
    data: bytes, message: str
) -> None:
    assert _refused(data).startswith(message)


def test_the_trello_board_id_is_read_from_the_head_only_when_there() -> None:
    assert trello_board_id(TRELLO[:200], whole=False) == "65e0c3a91f4b2d0012ab34cd"
    assert trello_board_id(b'{"name": "B", "lists": []}', whole=True) is None
    assert trello_board_id(b'{"lists": [{"id": "nested"}], "id": "late"}', whole=True) == "late"
    assert trello_board_id(b'{"id": 5}', whole=True) is None
    assert trello_board_id(b"not json", whole=True) is None


def _kind_or_error(data: bytes) -> str | BoardFileError:
    try:
        return _detect(data)
    except BoardFileError as error:
        return error


@given(st.binary(max_size=200))
def test_any_bytes_give_a_kind_or_a_board_file_error(data: bytes) -> None:
    found = _kind_or_error(data)
    assert found in {"trello", "json", "csv"} or isinstance(found, BoardFileError)
    board_id = trello_board_id(data, whole=True)
    assert board_id is None or isinstance(board_id, str)
