"""Board import and export: whole boards in and out as files (formats: docs/board-formats.md).

An import is written in one transaction: the board, its document and projection, the label
colours, the comments and the audit row; a bad file or any later failure imports nothing at
all. Parsing and rendering files run in worker processes (kit/cpu.py), never on the event loop.
Either happens in the request, or — for large files, and for a progress bar — as a job
(jobs.py).

A board imported from Trello remembers the Trello board's id (`boards.source`); importing the
same Trello board into the project again is refused with `board_already_imported` unless the
caller asks for a second copy (`duplicate`). The check runs twice: from the head of the file
before anything is parsed or queued (so that the client hears of it at once, even for a job),
and again, under a lock, just before the board is stored (the only check a file whose id is
not near its start gets, and the one that holds when two imports race).
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
from projectflow.jobs import service as jobs
from projectflow.jobs.files import write_file
from projectflow.kit.cpu import CpuPool
from projectflow.kit.errors import Conflict
from projectflow.labels.service import ensure_colors
from projectflow.models import Job
from projectflow.transfers import repository
from projectflow.transfers.prepare import ImportSource, PreparedBoard, Refused, prepare_import
from projectflow.transfers.render import ExportFormat, render_export

IMPORT_KIND = "board.import"
EXPORT_KIND = "board.export"
# The audit row names at most this many unmatched assignee addresses (and counts them all).
MAX_LISTED_UNMATCHED = 100


@dataclass(frozen=True)
class ExportedFile:
    board_name: str
    content: bytes


@dataclass(frozen=True)
class ImportFile:
    """An uploaded board file and how to import it."""

    source: ImportSource
    path: Path
    # The new board's name (required for CSV; replaces a JSON file's own).
    board_name: str | None = None
    # Import a Trello board the project already has again, as a second board.
    duplicate: bool = False
    # Where the board comes from as the head of the file shows it ("trello:<id>"), to refuse a
    # second import before the file is parsed or queued.
    origin: str | None = None


class BoardAlreadyImported(Conflict):
    code = "board_already_imported"


# -- import ---------------------------------------------------------------------------------


async def import_board(
    session: AsyncSession, cpu: CpuPool, access: ProjectAccess, upload: ImportFile
) -> Imported:
    """A new board from an uploaded board file, audited as `board.imported`, in the caller's
    transaction; BoardAlreadyImported for a Trello board the project has (unless duplicate).

    Parsing the file and building the board run in a worker process; this process stores the
    result. Assignees are matched to project members by email; other addresses are dropped from
    the cards and listed in the audit row. Comments keep their author's name, with no account.
    """
    if not upload.duplicate:
        await refuse_second_import(session, access.project_id, upload.origin)
    members = await repository.member_ids_by_email(session, access.project_id)
    prepared = await prepare_board(cpu, upload.source, upload.path, upload.board_name, members)
    return await store_board(session, access, upload.source, prepared, duplicate=upload.duplicate)


async def refuse_second_import(session: AsyncSession, project_id: UUID, origin: str | None) -> None:
    """BoardAlreadyImported if a board of the project came from `origin` (None: no origin)."""
    if origin is None:
        return
    earlier = await repository.board_from_source(session, project_id, origin)
    if earlier is None:
        return
    board_id, name = earlier
    raise BoardAlreadyImported(
        f"This Trello board was imported into the project before, as “{name}”; "
        "import it with duplicate=true to make a second copy.",
        details={"board_id": str(board_id), "board_name": name},
    )


async def prepare_board(
    cpu: CpuPool,
    source: ImportSource,
    upload: Path,
    board_name: str | None,
    members: dict[str, UUID],
) -> PreparedBoard:
    """Parse and build the board in a worker process; BoardFileError if the file is bad."""
    prepared = await cpu.run(prepare_import, source, str(upload), board_name, members)
    if isinstance(prepared, Refused):
        raise BoardFileError(prepared.message, details=prepared.details)
    return prepared


async def store_board(
    session: AsyncSession,
    access: ProjectAccess,
    source: ImportSource,
    prepared: PreparedBoard,
    *,
    duplicate: bool = False,
    job_id: UUID | None = None,
) -> Imported:
    """Store a prepared board, its origin, its label colours, its comments and the audit row
    (naming the job, if one did it); BoardAlreadyImported as `import_board` says."""
    if prepared.source is not None and not duplicate:
        await repository.lock_source(session, access.project_id, prepared.source)
        await refuse_second_import(session, access.project_id, prepared.source)
    board_id = await boards.create_board_from_document(
        session,
        access,
        prepared.name,
        update=prepared.update,
        columns_json=prepared.columns_json,
        cards_json=prepared.cards_json,
        source=prepared.source,
    )
    await ensure_colors(session, access.project_id, prepared.labels)
    await insert_comments_json(session, access.project_id, prepared.comments_json)
    await _audit_import(session, access, board_id, source, prepared, job_id)
    return Imported(board_id=board_id)


async def queue_import(
    session: AsyncSession, access: ProjectAccess, upload: ImportFile, idempotency_key: str | None
) -> Job:
    """An import job for an uploaded file (stored with the job, in parts);
    BoardAlreadyImported at once when the head of the file shows a board the project has."""
    if (job := await jobs.existing(session, access.project_id, idempotency_key)) is not None:
        return job  # sent twice: the first job stands, the second file is not stored
    if not upload.duplicate:
        await refuse_second_import(session, access.project_id, upload.origin)
    params = {
        "source": upload.source,
        "board_name": upload.board_name,
        "duplicate": upload.duplicate,
    }
    job = await jobs.enqueue(session, access, IMPORT_KIND, params, idempotency_key=idempotency_key)
    await write_file(session, job, "input", upload.path)
    return job


async def queue_export(
    session: AsyncSession,
    access: BoardAccess,
    file_format: ExportFormat,
    idempotency_key: str | None,
) -> Job:
    params = {"board_id": str(access.board_id), "format": file_format}
    return await jobs.enqueue(
        session, access.access, EXPORT_KIND, params, idempotency_key=idempotency_key
    )


async def _audit_import(
    session: AsyncSession,
    access: ProjectAccess,
    board_id: UUID,
    source: ImportSource,
    prepared: PreparedBoard,
    job_id: UUID | None,
) -> None:
    unmatched = prepared.unmatched_assignees
    data: dict[str, Any] = {"source": source, **prepared.counts}
    if job_id is not None:
        data["job_id"] = str(job_id)
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
    assert rows is not None, "access to the board was checked"
    content = await cpu.run(render_export, rows, file_format)
    return ExportedFile(board_name=rows.name, content=content)
