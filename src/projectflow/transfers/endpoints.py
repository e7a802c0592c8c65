"""Board files over HTTP: import a file as a new board of a project, export a board.

Uploads are read raw, streamed to a temporary file: the board-file parsers (in a worker process),
not FastAPI, read them, so that a bad file gets an error pointing into it and this process never
holds a whole upload in memory. Only the head of the file is read here: to tell its format
(`POST …/import`) and to notice a Trello board the project has already imported. Formats:
docs/board-formats.md.
"""

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from pydantic import Field

from projectflow.authz.dependencies import require, require_board
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess, ProjectAccess
from projectflow.boardfiles import HEAD, detect_format, trello_board_id
from projectflow.boardfiles.model import MAX_BOARD_NAME
from projectflow.boardfiles.trello import SOURCE_PREFIX
from projectflow.boards.schemas import Imported
from projectflow.db.session import SessionDep
from projectflow.jobs.schemas import JobQueued, queued
from projectflow.kit.errors import BadRequest, InvalidField
from projectflow.kit.fields import Text
from projectflow.state import CpuDep
from projectflow.transfers import service
from projectflow.transfers.prepare import ImportSource
from projectflow.transfers.render import MEDIA_TYPES, ExportFormat, export_filename
from projectflow.transfers.service import ImportFile

router = APIRouter(prefix="/api", tags=["transfers"])

ImportAccess = Annotated[ProjectAccess, require(Permission.CONTENT_WRITE)]
ReadBoard = Annotated[BoardAccess, require_board(Permission.PROJECT_READ)]

JSON = MEDIA_TYPES["json"]
CSV = MEDIA_TYPES["csv"]
QUEUED: dict[int | str, dict[str, Any]] = {
    202: {"model": JobQueued, "description": "Queued as a job (`async=true`)"}
}
REIMPORT: dict[int | str, dict[str, Any]] = {
    409: {
        "description": "`board_already_imported`: the project has a board imported from this "
        "Trello board (details: `board_id`, `board_name`); send `duplicate=true` for a second "
        "copy"
    }
}
RunAsync = Annotated[
    bool,
    Query(
        alias="async",
        description="Queue the import as a job and answer 202 at once (follow its progress at "
        "/api/jobs/{job_id}/events)",
    ),
]
Duplicate = Annotated[
    bool,
    Query(
        description="Import a Trello board that this project already imported again, as a "
        "second board (without it: 409 board_already_imported)"
    ),
]
BoardName = Text[Annotated[str, Field(min_length=1, max_length=MAX_BOARD_NAME)]]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Sending the same key again returns the first job instead of a new one",
    ),
]


def _file_body(media_type: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    """The OpenAPI request body of an upload that the endpoint reads raw."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {media_type: {"schema": schema}},
        }
    }


@dataclass
class ImportCall:
    """What the three import routes share, resolved by FastAPI: the request (its body is the
    file), the caller's access, and whether to import now or queue a job."""

    request: Request
    response: Response
    access: ImportAccess
    session: SessionDep
    cpu: CpuDep
    run_async: RunAsync = False
    idempotency_key: IdempotencyKey = None

    async def run(
        self,
        source: ImportSource | None,
        what: str,
        board_name: str | None = None,
        *,
        duplicate: bool = False,
    ) -> Imported | JobQueued:
        """Import now (201), or store the file with a new job and answer 202; `source` None:
        tell the format from the file."""
        async with _upload(self.request, what) as path:
            upload = _identify(path, source, board_name, duplicate)
            if not self.run_async:
                return await service.import_board(self.session, self.cpu, self.access, upload)
            job = await service.queue_import(
                self.session, self.access, upload, self.idempotency_key
            )
        self.response.status_code = status.HTTP_202_ACCEPTED
        return queued(job.id, job.status)


ImportCallDep = Annotated[ImportCall, Depends()]


def _identify(
    path: Path, source: ImportSource | None, board_name: str | None, duplicate: bool
) -> ImportFile:
    """The upload at `path` with its format (told from its head when `source` is None) and,
    for a Trello export, the Trello board it comes from as far as the head shows."""
    with path.open("rb") as file:
        head = file.read(HEAD + 1)
    whole = len(head) <= HEAD
    head = head[:HEAD]
    kind = source or detect_format(head, whole=whole)
    if kind == "csv" and board_name is None:
        raise InvalidField("query.board_name", "a CSV file names no board; give the board a name")
    board_id = trello_board_id(head, whole=whole) if kind == "trello" else None
    return ImportFile(
        source=kind,
        path=path,
        board_name=board_name,
        duplicate=duplicate,
        origin=SOURCE_PREFIX + board_id if board_id else None,
    )


@router.post(
    "/projects/{project_id}/import",
    status_code=status.HTTP_201_CREATED,
    responses=QUEUED | REIMPORT,
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "A Trello board export, a ProjectFlow board file or a UTF-8 CSV "
            "file, as it is: the format is told from the content.",
            "content": {
                JSON: {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    },
)
async def import_board_file(
    call: ImportCallDep,
    duplicate: Duplicate = False,
    board_name: Annotated[
        BoardName | None,
        Query(description="the new board's name: required for CSV, optional for JSON files"),
    ] = None,
) -> Imported | JobQueued:
    """A new board from any board file this server reads, answered as that format's own
    import answers (a file that is none of them: 422 `invalid_board_file`)."""
    return await call.run(
        None, "a Trello or ProjectFlow JSON export, or a CSV file", board_name, duplicate=duplicate
    )


@router.post(
    "/projects/{project_id}/import/trello",
    status_code=status.HTTP_201_CREATED,
    responses=QUEUED | REIMPORT,
    openapi_extra=_file_body(
        JSON,
        {"type": "object"},
        "A Trello board export (board menu → Print, export and share → Export as JSON).",
    ),
)
async def import_trello(call: ImportCallDep, duplicate: Duplicate = False) -> Imported | JobQueued:
    """A new board from a Trello export: open lists, cards, labels with their colours,
    checklists, completed due dates and comments."""
    return await call.run("trello", "a Trello JSON export", duplicate=duplicate)


@router.post(
    "/projects/{project_id}/import/csv",
    status_code=status.HTTP_201_CREATED,
    responses=QUEUED,
    openapi_extra=_file_body(
        "text/csv",
        {"type": "string"},
        "UTF-8 CSV, one card per row after a header (title, description, column, labels, "
        "due, due_done, archived, assignees; only title is required).",
    ),
)
async def import_csv(
    call: ImportCallDep,
    board_name: Annotated[BoardName, Query(description="the new board's name")],
) -> Imported | JobQueued:
    """A new board of the CSV's cards; columns are created in the order rows name them."""
    return await call.run("csv", "the CSV file", board_name)


@router.post(
    "/projects/{project_id}/import/json",
    status_code=status.HTTP_201_CREATED,
    responses=QUEUED,
    openapi_extra=_file_body(
        JSON, {"type": "object"}, 'A ProjectFlow board file ("format": "projectflow.board").'
    ),
)
async def import_json(call: ImportCallDep) -> Imported | JobQueued:
    """A new board from a ProjectFlow board file (as exported with `format=json`)."""
    return await call.run("json", "a ProjectFlow board file")


ExportFormatQuery = Annotated[
    ExportFormat, Query(alias="format", description="json: everything; csv: the cards only")
]


@router.get(
    "/boards/{board_id}/export",
    response_class=Response,
    responses={
        200: {
            "description": "The board file, as an attachment",
            "content": {JSON: {"schema": {"type": "object"}}, CSV: {"schema": {"type": "string"}}},
        }
    },
)
async def export_board(
    access: ReadBoard, session: SessionDep, cpu: CpuDep, file_format: ExportFormatQuery = "json"
) -> Response:
    """The whole board as a file, archived cards included."""
    exported = await service.export_board(session, cpu, access, file_format)
    filename = export_filename(exported.board_name, file_format)
    return Response(
        content=exported.content,
        media_type=MEDIA_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/boards/{board_id}/export", status_code=status.HTTP_202_ACCEPTED)
async def queue_export(
    access: ReadBoard,
    session: SessionDep,
    file_format: ExportFormatQuery = "json",
    idempotency_key: IdempotencyKey = None,
) -> JobQueued:
    """Export as a job, with progress; download the file at /api/jobs/{job_id}/file."""
    job = await service.queue_export(session, access, file_format, idempotency_key)
    return queued(job.id, job.status)


@asynccontextmanager
async def _upload(request: Request, what: str) -> AsyncIterator[Path]:
    """The body, streamed into a temporary file that a worker process parses: this process
    never holds a whole upload in memory. Removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="projectflow-upload-") as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as file:
            async for chunk in request.stream():
                file.write(chunk)
            empty = file.tell() == 0
        if empty:
            raise BadRequest(f"The body is empty; send {what} as the request body.")
        yield path
