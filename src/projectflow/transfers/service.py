"""Board import and export: whole boards in and out as files (formats: docs/board-formats.md).

An import is written in the request's one transaction: the board and its columns, every card
(one document update), the comments and the audit row. A bad file or any later failure
therefore imports nothing at all.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID, uuid4

import anyio
from pydantic_core import to_json
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import BoardAccess, ProjectAccess
from projectflow.boardfiles import (
    BoardData,
    CardData,
    ColumnData,
    CommentData,
    decode_csv,
    export_csv,
    export_native,
    parse_csv,
    parse_native,
    parse_trello,
)
from projectflow.boards import repository as boards_repository
from projectflow.boards import service as boards
from projectflow.boards.schemas import Imported
from projectflow.collab.cache import DocumentCache
from projectflow.collab.state import CardState
from projectflow.comments.repository import NewComment, insert_comments
from projectflow.kit.fractional_index import keys_between
from projectflow.models import Card, Column, Comment
from projectflow.transfers import repository

ImportSource = Literal["trello", "csv", "json"]
ExportFormat = Literal["json", "csv"]

# A file without any column (a Trello board without lists, our format with "columns": [])
# still gives a usable board; an export of a board whose columns are all gone but which still
# has cards puts them there too.
FALLBACK_COLUMN = "To do"
# A comment whose author is neither a visible account nor a stored name (a deleted account).
UNKNOWN_AUTHOR = "Unknown"
# The audit row names at most this many unmatched assignee addresses (and counts them all).
MAX_LISTED_UNMATCHED = 100


@dataclass(frozen=True)
class ExportedFile:
    board_name: str
    content: bytes


# -- import ---------------------------------------------------------------------------------


async def import_trello(
    session: AsyncSession, cache: DocumentCache, access: ProjectAccess, data: bytes
) -> Imported:
    """A new board from a Trello JSON export, audited as `board.imported`."""
    board = await anyio.to_thread.run_sync(parse_trello, data)
    return await _import(session, cache, access, board, "trello")


async def import_csv(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    data: bytes,
    board_name: str,
) -> Imported:
    """A new board named `board_name` from CSV (UTF-8), audited as `board.imported`."""
    board = await anyio.to_thread.run_sync(_read_csv, data, board_name)
    return await _import(session, cache, access, board, "csv")


async def import_native(
    session: AsyncSession, cache: DocumentCache, access: ProjectAccess, data: bytes
) -> Imported:
    """A new board from a ProjectFlow board file, audited as `board.imported`."""
    board = await anyio.to_thread.run_sync(parse_native, data)
    return await _import(session, cache, access, board, "json")


def _read_csv(data: bytes, board_name: str) -> BoardData:
    return parse_csv(decode_csv(data), board_name)


async def _import(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    board: BoardData,
    source: ImportSource,
) -> Imported:
    """Write `board` as a new board of the project.

    Assignees are matched to project members by email; other addresses are dropped from the
    cards and listed in the audit row. Comments keep their author's name, with no account.
    """
    columns = board.columns or (ColumnData(FALLBACK_COLUMN),)
    writer = await boards.create_board(
        session, cache, access, board.name, columns=tuple((c.name, c.wip_limit) for c in columns)
    )
    emails = {e for column in columns for card in column.cards for e in card.assignee_emails}
    members = await repository.member_ids_by_email(session, access.project_id, emails)
    column_ids = [column.id for column in writer.document.all_columns()]
    placed = _card_states(columns, column_ids, members)
    with writer.document.change():
        for state, _ in placed:
            writer.document.put_card(state)
    await writer.save()
    comments = _new_comments(placed, access.project_id)
    await insert_comments(session, comments)
    unmatched = sorted(emails - members.keys())
    counts = {"columns": len(columns), "cards": len(placed), "comments": len(comments)}
    await _audit_import(session, access, writer.board_id, source, counts, unmatched)
    return Imported(board_id=writer.board_id)


def _card_states(
    columns: tuple[ColumnData, ...], column_ids: list[UUID], members: dict[str, UUID]
) -> list[tuple[CardState, CardData]]:
    """New cards in file order within each column (positions from one `keys_between` run)."""
    placed = []
    for column, column_id in zip(columns, column_ids, strict=True):
        positions = keys_between(None, None, len(column.cards))
        for card, position in zip(column.cards, positions, strict=True):
            placed.append((_card_state(card, column_id, position, members), card))
    return placed


def _card_state(
    card: CardData, column_id: UUID, position: str, members: dict[str, UUID]
) -> CardState:
    return CardState(
        id=uuid4(),
        column_id=column_id,
        title=card.title,
        position=position,
        description=card.description,
        labels=card.labels,
        assignee_ids=tuple(members[e] for e in card.assignee_emails if e in members),
        due=card.due,
        archived=card.archived,
    )


def _new_comments(placed: list[tuple[CardState, CardData]], project_id: UUID) -> list[NewComment]:
    """The cards' comments, by name only (no account stands behind an imported author).

    Ids ascend in file order, so comments that tie on time, or have none (then they are dated
    at the import), keep the file's order: comments are listed by (created_at, id).
    """
    found = [(state.id, comment) for state, card in placed for comment in card.comments]
    ids = sorted(uuid4() for _ in found)
    return [
        _new_comment(comment_id, card_id, project_id, comment)
        for comment_id, (card_id, comment) in zip(ids, found, strict=True)
    ]


def _new_comment(
    comment_id: UUID, card_id: UUID, project_id: UUID, comment: CommentData
) -> NewComment:
    return NewComment(
        id=comment_id,
        card_id=card_id,
        project_id=project_id,
        author_id=None,
        author_name=comment.author,
        body=comment.body,
        created_at=comment.at,
    )


async def _audit_import(
    session: AsyncSession,
    access: ProjectAccess,
    board_id: UUID,
    source: ImportSource,
    counts: dict[str, int],
    unmatched: list[str],
) -> None:
    data: dict[str, Any] = {"source": source, **counts}
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

_RENDERERS: dict[ExportFormat, Callable[[BoardData], bytes]] = {
    "json": lambda board: to_json(export_native(board)),
    "csv": lambda board: export_csv(board).encode(),
}


async def export_board(
    session: AsyncSession, access: BoardAccess, file_format: ExportFormat
) -> ExportedFile:
    """The board as a file in `file_format` (rendered off the event loop: boards can be big)."""
    board = await board_data(session, access.board_id)
    content = await anyio.to_thread.run_sync(_RENDERERS[file_format], board)
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
