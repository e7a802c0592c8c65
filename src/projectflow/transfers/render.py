"""The CPU-heavy half of an export, run in a worker process (kit/cpu.py): arrange the board's
rows as a `BoardData` and render it as a file. Plain, picklable data in; bytes out."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic_core import to_json

from projectflow.boardfiles import (
    BoardData,
    CardData,
    ChecklistData,
    ChecklistItemData,
    ColumnData,
    CommentData,
    LabelData,
    export_csv,
    export_native,
)
from projectflow.boardfiles.model import Place, parent_loops
from projectflow.transfers.prepare import FALLBACK_COLUMN

ExportFormat = Literal["json", "csv"]
MEDIA_TYPES: dict[ExportFormat, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}
MAX_FILENAME_STEM = 80

# (id, name, wip_limit, done), in board order.
ColumnRow = tuple[UUID, str, int | None, bool]
# (id, column_id, title, description, labels, due, due_done, archived, assignee_ids,
# checklists as the projection holds them, parent_id), in display order.
CardRow = tuple[
    UUID,
    UUID | None,
    str,
    str,
    list[str],
    datetime | None,
    bool,
    bool,
    list[UUID],
    list[dict[str, Any]],
    UUID | None,
]
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
    # The colour of each label the cards name.
    label_colors: dict[str, str]


_RENDERERS: dict[ExportFormat, Callable[[BoardData], bytes]] = {
    "json": lambda board: to_json(export_native(board)),
    "csv": lambda board: export_csv(board).encode(),
}


def render_export(rows: BoardRows, file_format: ExportFormat) -> bytes:
    return _RENDERERS[file_format](board_data(rows))


def board_data(rows: BoardRows) -> BoardData:
    """Columns in order, each with every card (archived ones included) in display order,
    assignees as emails and comments oldest first. Cards whose column is gone lead the first
    column, as in the board view; an assignee without an email here is left out. Labels are
    listed with their colours in the order the cards first name them. A parent is kept when it
    is on this board (by its place), dropped when it is not."""
    comments: dict[UUID, list[CommentData]] = {}
    for card_id, author, body, at in rows.comments:
        comments.setdefault(card_id, []).append(CommentData(author=author, body=body, at=at))
    arranged = _arrange(rows.columns, rows.cards)
    parents = _parent_places(arranged)
    columns = tuple(
        replace(
            column,
            cards=tuple(
                _card_data(card, rows.emails, comments, parents.get(card[0])) for card in cards
            ),
        )
        for column, cards in arranged
    )
    used = dict.fromkeys(label for c in columns for card in c.cards for label in card.labels)
    labels = tuple(
        LabelData(name, rows.label_colors[name]) for name in used if name in rows.label_colors
    )
    return BoardData(name=rows.name, columns=columns, labels=labels)


def _arrange(
    columns: list[ColumnRow], cards: list[CardRow]
) -> list[tuple[ColumnData, list[CardRow]]]:
    """Each column (without its cards yet) and its card rows, cards without a column first in
    the first."""
    by_column: dict[UUID, list[CardRow]] = {column[0]: [] for column in columns}
    homeless = []
    for card in cards:
        column_id = card[1]
        if column_id is not None and column_id in by_column:
            by_column[column_id].append(card)
        else:
            homeless.append(card)
    arranged = [
        (ColumnData(name=name, wip_limit=wip_limit, done=done), by_column[column_id])
        for column_id, name, wip_limit, done in columns
    ]
    if homeless and not arranged:
        arranged = [(ColumnData(name=FALLBACK_COLUMN), [])]
    if homeless:
        first, first_cards = arranged[0]
        arranged[0] = (first, homeless + first_cards)
    return arranged


def _parent_places(arranged: list[tuple[ColumnData, list[CardRow]]]) -> dict[UUID, Place]:
    """Each card's parent by its place, where the parent is on this board. A loop of parents
    (a Yjs client may write one) loses one link, because an import refuses loops."""
    places = {
        card[0]: (c, k) for c, (_, cards) in enumerate(arranged) for k, card in enumerate(cards)
    }
    parents = {
        places[card[0]]: places[card[10]]
        for _, cards in arranged
        for card in cards
        if card[10] in places
    }
    for place in parent_loops(parents):
        del parents[place]
    card_ids = {place: card_id for card_id, place in places.items()}
    return {card_ids[place]: parent for place, parent in parents.items()}


def _card_data(
    card: CardRow,
    emails: dict[UUID, str],
    comments: dict[UUID, list[CommentData]],
    parent: Place | None,
) -> CardData:
    card_id, _, title, description, labels, due, due_done, archived, assignee_ids, lists, _ = card
    return CardData(
        title=title,
        description=description,
        labels=tuple(labels),
        due=due,
        due_done=due_done,
        archived=archived,
        assignee_emails=tuple(sorted(emails[u] for u in assignee_ids if u in emails)),
        comments=tuple(comments.get(card_id, ())),
        checklists=tuple(_checklist_data(checklist) for checklist in lists),
        parent=parent,
    )


def _checklist_data(checklist: dict[str, Any]) -> ChecklistData:
    """A checklist as the projection holds it: {id, title, items: [{id, text, done}]}."""
    return ChecklistData(
        title=checklist["title"],
        items=tuple(
            ChecklistItemData(text=item["text"], done=item["done"]) for item in checklist["items"]
        ),
    )


def export_filename(board_name: str, file_format: ExportFormat) -> str:
    """The board name as a safe ASCII slug ("Sprint 14: Checkout" → "sprint-14-checkout.csv")."""
    ascii_name = unicodedata.normalize("NFKD", board_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{slug[:MAX_FILENAME_STEM].rstrip('-') or 'board'}.{file_format}"
