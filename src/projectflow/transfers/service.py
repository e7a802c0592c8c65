"""Board import and export: whole boards in and out as files (formats: docs/board-formats.md).

An import is written in the request's one transaction: the board, its document and projection,
the comments and the audit row; a bad file or any later failure imports nothing at all. Parsing
and rendering files run in worker processes (kit/cpu.py), never on the event loop.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from uuid import UUID

from pydantic_core import to_json
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import BoardAccess, ProjectAccess
from projectflow.boardfiles import (
    BoardData,
    BoardFileError,
    CardData,
    ColumnData,
    CommentData,
    export_csv,
    export_native,
)
from projectflow.boards import repository as boards_repository
from projectflow.boards import service as boards
from projectflow.boards.schemas import Imported
from projectflow.comments.repository import insert_comments_json
from projectflow.kit.cpu import CpuPool
from projectflow.models import Card, Column, Comment
from projectflow.transfers import repository
from projectflow.transfers.prepare import (
    FALLBACK_COLUMN,
    ImportSource,
    PreparedBoard,
    Refused,
    prepare_import,
)

ExportFormat = Literal["json", "csv"]

# A comment whose author is neither a visible account nor a stored name (a deleted account).
UNKNOWN_AUTHOR = "Unknown"
# The audit row names at most this many unmatched assignee addresses (and counts them all).
MAX_LISTED_UNMATCHED = 100


@dataclass(frozen=True)
class ExportedFile:
    board_name: str
    content: bytes


# -- import ---------------------------------------------------------------------------------


async def import_board(
    session: AsyncSession,
    cpu: CpuPool,
    access: ProjectAccess,
    source: ImportSource,
    upload: Path,
    board_name: str | None = None,
) -> Imported:
    """A new board from the board file at `upload`, audited as `board.imported`.

    Parsing the file and building the board run in a worker process; this process stores the
    result. Assignees are matched to project members by email; other addresses are dropped from
    the cards and listed in the audit row. Comments keep their author's name, with no account.
    """
    members = await repository.member_ids_by_email(session, access.project_id)
    prepared = await cpu.run(prepare_import, source, str(upload), board_name, members)
    if isinstance(prepared, Refused):
        raise BoardFileError(prepared.message, details=prepared.details)
    board_id = await boards.create_board_from_document(
        session,
        access,
        prepared.name,
        update=prepared.update,
        columns_json=prepared.columns_json,
        cards_json=prepared.cards_json,
    )
    await insert_comments_json(session, access.project_id, prepared.comments_json)
    await _audit_import(session, access, board_id, source, prepared)
    return Imported(board_id=board_id)


async def _audit_import(
    session: AsyncSession,
    access: ProjectAccess,
    board_id: UUID,
    source: ImportSource,
    prepared: PreparedBoard,
) -> None:
    unmatched = prepared.unmatched_assignees
    data: dict[str, Any] = {"source": source, **prepared.counts}
    data["unmatched_assignees"] = unmatched[:MAX_LISTED_UNMATCHED]
    data["unmatched_assignee_count"] = len(unmatched)
    await audit.record(
        session,
        AuditEntry(
            actor_id=access.user_id,
            action="board.imported",
            subject_type="board",
            subject_id=board_id,
            project_id=access.project_id,
            data=data,
        ),
    )


# -- export ---------------------------------------------------------------------------------


def render_export(board: BoardData, file_format: ExportFormat) -> bytes:
    """The board as a file (run in a worker process: boards can be big)."""
    renderers: dict[ExportFormat, Callable[[BoardData], bytes]] = {
        "json": lambda board: to_json(export_native(board)),
        "csv": lambda board: export_csv(board).encode(),
    }
    return renderers[file_format](board)


async def export_board(
    session: AsyncSession, cpu: CpuPool, access: BoardAccess, file_format: ExportFormat
) -> ExportedFile:
    """The board as a file in `file_format`."""
    board = await board_data(session, access.board_id)
    content = await cpu.run(render_export, board, file_format)
    return ExportedFile(board_name=board.name, content=content)


async def board_data(session: AsyncSession, board_id: UUID) -> BoardData:
    """The board read from the projection: columns in order, each with every card (archived
    ones included) in display order, assignees as emails and comments oldest first.

    Cards whose column is gone lead the first column, as in the board view. An assignee the
    caller cannot see (no longer sharing a project) is left out.
    """
    board = await boards_repository.get_board(session, board_id)
    assert board is not None, "access to the board was checked"
    columns = await boards_repository.columns_in_order(session, board_id)
    cards = await repository.cards_in_order(session, board_id)
    assignees = {user_id for card in cards for user_id in card.assignee_ids}
    emails = await repository.emails_by_id(session, assignees)
    comments = _comments_by_card(await repository.comments_on_board(session, board_id))
    return BoardData(
        name=board.name,
        columns=tuple(
            ColumnData(
                name=name,
                wip_limit=wip_limit,
                cards=tuple(_card_data(card, emails, comments) for card in column_cards),
            )
            for name, wip_limit, column_cards in _arrange(columns, cards)
        ),
    )


def _arrange(columns: list[Column], cards: list[Card]) -> list[tuple[str, int | None, list[Card]]]:
    """Each column's name, WIP limit and cards, cards without a column first in the first."""
    by_column: dict[UUID, list[Card]] = {column.id: [] for column in columns}
    homeless = []
    for card in cards:
        if card.column_id is not None and card.column_id in by_column:
            by_column[card.column_id].append(card)
        else:
            homeless.append(card)
    arranged = [(column.name, column.wip_limit, by_column[column.id]) for column in columns]
    if homeless and not arranged:
        arranged = [(FALLBACK_COLUMN, None, [])]
    if homeless:
        name, wip_limit, first = arranged[0]
        arranged[0] = (name, wip_limit, homeless + first)
    return arranged


def _card_data(
    card: Card, emails: dict[UUID, str], comments: dict[UUID, list[CommentData]]
) -> CardData:
    return CardData(
        title=card.title,
        description=card.description,
        labels=tuple(card.labels),
        due=card.due,
        archived=card.archived,
        assignee_emails=tuple(sorted(emails[u] for u in card.assignee_ids if u in emails)),
        comments=tuple(comments.get(card.id, ())),
    )


def _comments_by_card(rows: list[tuple[Comment, str | None]]) -> dict[UUID, list[CommentData]]:
    by_card: dict[UUID, list[CommentData]] = {}
    for comment, name in rows:
        author = name or comment.author_name or UNKNOWN_AUTHOR
        data = CommentData(author=author, body=comment.body, at=comment.created_at)
        by_card.setdefault(comment.card_id, []).append(data)
    return by_card
