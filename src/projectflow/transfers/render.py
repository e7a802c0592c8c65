"""The CPU-heavy half of an export, run in a worker process (kit/cpu.py): arrange the board's
rows as a `BoardData` and render it as a file. Plain, picklable data in; bytes out."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic_core import to_json

from projectflow.boardfiles import (
    BoardData,
    CardData,
    ColumnData,
    CommentData,
    export_csv,
    export_native,
)
from projectflow.transfers.prepare import FALLBACK_COLUMN

ExportFormat = Literal["json", "csv"]
MEDIA_TYPES: dict[ExportFormat, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}
MAX_FILENAME_STEM = 80

# (id, name, wip_limit), in board order.
ColumnRow = tuple[UUID, str, int | None]
# (id, column_id, title, description, labels, due, archived, assignee_ids), in display order.
CardRow = tuple[UUID, UUID | None, str, str, list[str], datetime | None, bool, list[UUID]]
# (card_id, author, body, created_at), oldest first per card.
CommentRow = tuple[UUID, str, str, datetime]


@dataclass(frozen=True)
class BoardRows:
    """A board as the projection holds it, read in a few queries."""

    name: str
    columns: list[ColumnRow]
    cards: list[CardRow]
    emails: dict[UUID, str]
    comments: list[CommentRow]


_RENDERERS: dict[ExportFormat, Callable[[BoardData], bytes]] = {
    "json": lambda board: to_json(export_native(board)),
    "csv": lambda board: export_csv(board).encode(),
}


def render_export(rows: BoardRows, file_format: ExportFormat) -> bytes:
    return _RENDERERS[file_format](board_data(rows))


def board_data(rows: BoardRows) -> BoardData:
    """Columns in order, each with every card (archived ones included) in display order,
    assignees as emails and comments oldest first. Cards whose column is gone lead the first
    column, as in the board view; an assignee without an email here is left out."""
    comments: dict[UUID, list[CommentData]] = {}
    for card_id, author, body, at in rows.comments:
        comments.setdefault(card_id, []).append(CommentData(author=author, body=body, at=at))
    return BoardData(
        name=rows.name,
        columns=tuple(
            ColumnData(
                name=name,
                wip_limit=wip_limit,
                cards=tuple(_card_data(card, rows.emails, comments) for card in cards),
            )
            for name, wip_limit, cards in _arrange(rows.columns, rows.cards)
        ),
    )


def _arrange(
    columns: list[ColumnRow], cards: list[CardRow]
) -> list[tuple[str, int | None, list[CardRow]]]:
    """Each column's name, WIP limit and cards, cards without a column first in the first."""
    by_column: dict[UUID, list[CardRow]] = {column_id: [] for column_id, _, _ in columns}
    homeless = []
    for card in cards:
        column_id = card[1]
        if column_id is not None and column_id in by_column:
            by_column[column_id].append(card)
        else:
            homeless.append(card)
    arranged = [(name, wip_limit, by_column[column_id]) for column_id, name, wip_limit in columns]
    if homeless and not arranged:
        arranged = [(FALLBACK_COLUMN, None, [])]
    if homeless:
        name, wip_limit, first = arranged[0]
        arranged[0] = (name, wip_limit, homeless + first)
    return arranged


def _card_data(
    card: CardRow, emails: dict[UUID, str], comments: dict[UUID, list[CommentData]]
) -> CardData:
    card_id, _, title, description, labels, due, archived, assignee_ids = card
    return CardData(
        title=title,
        description=description,
        labels=tuple(labels),
        due=due,
        archived=archived,
        assignee_emails=tuple(sorted(emails[u] for u in assignee_ids if u in emails)),
        comments=tuple(comments.get(card_id, ())),
    )


def export_filename(board_name: str, file_format: ExportFormat) -> str:
    """The board name as a safe ASCII slug ("Sprint 14: Checkout" → "sprint-14-checkout.csv")."""
    ascii_name = unicodedata.normalize("NFKD", board_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{slug[:MAX_FILENAME_STEM].rstrip('-') or 'board'}.{file_format}"
