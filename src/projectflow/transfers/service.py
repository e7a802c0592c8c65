"""Board import and export: whole boards in and out as files (formats: docs/board-formats.md).

An import is written in the request's one transaction: the board, its document and projection,
the comments and the audit row; a bad file or any later failure imports nothing at all. Parsing
and rendering files run in worker processes (kit/cpu.py), never on the event loop.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import BoardAccess, ProjectAccess
from projectflow.boardfiles import BoardFileError
from projectflow.boards import service as boards
from projectflow.boards.schemas import Imported
from projectflow.comments.repository import insert_comments_json
from projectflow.kit.cpu import CpuPool
from projectflow.transfers import repository
from projectflow.transfers.prepare import ImportSource, PreparedBoard, Refused, prepare_import
from projectflow.transfers.render import ExportFormat, render_export

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


async def export_board(
    session: AsyncSession, cpu: CpuPool, access: BoardAccess, file_format: ExportFormat
) -> ExportedFile:
    """The board as a file in `file_format`: read here as plain rows, arranged and rendered in
    a worker process."""
    rows = await repository.board_rows(session, access.board_id)
    content = await cpu.run(render_export, rows, file_format)
    return ExportedFile(board_name=rows.name, content=content)
