"""The CPU-heavy half of an import, run in a worker process (kit/cpu.py): parse the file, build
the new board's whole Yjs document, and render its projection rows as JSON, so that the API
process only forwards bytes to PostgreSQL.

Everything here is pure and picklable: plain data in, plain data out. A file that cannot be
imported comes back as `Refused` (an exception's details would not survive pickling).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from pydantic_core import to_json

from projectflow.boardfiles import (
    BoardData,
    BoardFileError,
    CardData,
    ColumnData,
    FileKind,
    LabelData,
    decode_csv,
    parse_csv,
    parse_native,
    parse_trello,
)
from projectflow.boardfiles.errors import Where
from projectflow.boardfiles.model import MAX_BOARD_NAME, check_name
from projectflow.collab.document import BoardDocument
from projectflow.collab.new_states import new_card
from projectflow.collab.state import CardState, ColumnState
from projectflow.kit.fractional_index import keys_between

ImportSource = FileKind

# A file without any column (a Trello board without lists, our format with "columns": [])
# still gives a usable board.
FALLBACK_COLUMN = "To do"


@dataclass(frozen=True)
class PreparedBoard:
    """A new board, ready to store: its document as one update and its projection as JSON."""

    name: str
    update: bytes
    columns_json: bytes
    cards_json: bytes
    comments_json: bytes
    counts: dict[str, int]
    unmatched_assignees: list[str] = field(default_factory=list)
    # The colours of the labels the file brings, and where the board came from.
    labels: tuple[LabelData, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class Refused:
    """The file cannot be imported: BoardFileError's message and details."""

    message: str
    details: Any


_PARSERS: dict[ImportSource, Callable[[bytes, str | None], BoardData]] = {
    "trello": lambda data, _: parse_trello(data),
    "json": lambda data, _: parse_native(data),
    "csv": lambda data, name: parse_csv(decode_csv(data), name or ""),
}


def prepare_import(
    source: ImportSource, path: str, board_name: str | None, members: dict[str, UUID]
) -> PreparedBoard | Refused:
    """Parse the file at `path` and build the board; `members`: the project's members by
    email, to match assignees (other addresses are dropped from the cards, listed unmatched).
    `board_name` names the board (a CSV file has no name of its own; a JSON file's is replaced).
    """
    try:
        board = _PARSERS[source](Path(path).read_bytes(), board_name)
        if board_name is not None and source != "csv":
            board = replace(board, name=_board_name(board_name))
    except BoardFileError as error:
        return Refused(error.message, error.details)
    return build_board(board, members)


def _board_name(raw: str) -> str:
    """A name given for the board, checked as parse_csv checks one."""
    return check_name(raw, Where(field="board_name"), "board name", MAX_BOARD_NAME)


def build_board(board: BoardData, members: dict[str, UUID]) -> PreparedBoard:
    columns = board.columns or (ColumnData(FALLBACK_COLUMN),)
    document = BoardDocument()
    placed = _place_cards(columns, members)
    with document.change():
        positions = keys_between(None, None, len(columns))
        for (column_id, column, _), position in zip(placed, positions, strict=True):
            document.put_column(
                ColumnState(column_id, column.name, position, column.wip_limit, column.done)
            )
        for _, _, states in placed:
            for state, _ in states:
                document.put_card(state)
    update = document.take_update()
    assert update is not None, "a board always has a column"
    cards = [(state, card) for _, _, states in placed for state, card in states]
    emails = {email for _, card in cards for email in card.assignee_emails}
    comments = _comment_rows(cards)
    return PreparedBoard(
        name=board.name,
        update=update,
        # Read back through the document's readers: the projection equals the document.
        columns_json=to_json(document.all_columns()),
        cards_json=to_json(document.all_cards()),
        comments_json=to_json(comments),
        counts={"columns": len(columns), "cards": len(cards), "comments": len(comments)},
        unmatched_assignees=sorted(emails - members.keys()),
        labels=board.labels,
        source=board.source,
    )


_Placed = list[tuple[UUID, ColumnData, list[tuple[CardState, CardData]]]]


def _place_cards(columns: tuple[ColumnData, ...], members: dict[str, UUID]) -> _Placed:
    """New ids, and cards in file order within each column (one `keys_between` run each)."""
    placed: _Placed = []
    for column in columns:
        column_id = uuid4()
        positions = keys_between(None, None, len(column.cards))
        states = [
            (new_card(card, column_id, position, _assignees(card, members)), card)
            for card, position in zip(column.cards, positions, strict=True)
        ]
        placed.append((column_id, column, states))
    return _link_parents(placed)


def _link_parents(placed: _Placed) -> _Placed:
    """Parents, named by their place in the file (checked by the parser), by their new ids."""
    ids = [[state.id for state, _ in states] for _, _, states in placed]
    return [
        (column_id, column, [(_with_parent(state, card, ids), card) for state, card in states])
        for column_id, column, states in placed
    ]


def _with_parent(state: CardState, card: CardData, ids: list[list[UUID]]) -> CardState:
    if card.parent is None:
        return state
    column, index = card.parent
    return replace(state, parent_id=ids[column][index])


def _assignees(card: CardData, members: dict[str, UUID]) -> tuple[UUID, ...]:
    return tuple(members[email] for email in card.assignee_emails if email in members)


def _comment_rows(cards: list[tuple[CardState, CardData]]) -> list[dict[str, Any]]:
    """The cards' comments, by name only (no account stands behind an imported author).

    Ids ascend in file order, so comments that tie on time, or have none (then they are dated
    at the import), keep the file's order: comments are listed by (created_at, id).
    """
    found = [(state.id, comment) for state, card in cards for comment in card.comments]
    ids = sorted(uuid4() for _ in found)
    return [
        {
            "id": comment_id,
            "card_id": card_id,
            "author_name": comment.author,
            "body": comment.body,
            "created_at": comment.at,
        }
        for comment_id, (card_id, comment) in zip(ids, found, strict=True)
    ]
