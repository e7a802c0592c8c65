"""Board files over HTTP: import a file as a new board of a project, export a board.

Uploads are read raw, streamed to a temporary file: the board-file parsers (in a worker process),
not FastAPI, read them, so that a bad file gets an error pointing into it and this process never
holds a whole upload in memory. Formats: docs/board-formats.md.
"""

import re
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import Response
from pydantic import Field

from projectflow.authz.dependencies import require, require_board
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess, ProjectAccess
from projectflow.boards.schemas import Imported
from projectflow.db.session import SessionDep
from projectflow.kit.errors import BadRequest
from projectflow.kit.fields import Text
from projectflow.state import CpuDep
from projectflow.transfers import service
from projectflow.transfers.render import ExportFormat

router = APIRouter(prefix="/api", tags=["transfers"])

ImportAccess = Annotated[ProjectAccess, require(Permission.CONTENT_WRITE)]
ReadBoard = Annotated[BoardAccess, require_board(Permission.PROJECT_READ)]

JSON = "application/json"
CSV = "text/csv; charset=utf-8"
MEDIA_TYPES: dict[ExportFormat, str] = {"json": JSON, "csv": CSV}
MAX_FILENAME_STEM = 80


def _file_body(media_type: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    """The OpenAPI request body of an upload that the endpoint reads raw."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {media_type: {"schema": schema}},
        }
    }


@router.post(
    "/projects/{project_id}/import/trello",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=_file_body(
        JSON,
        {"type": "object"},
        "A Trello board export (board menu → Print, export and share → Export as JSON).",
    ),
)
async def import_trello(
    request: Request, access: ImportAccess, session: SessionDep, cpu: CpuDep
) -> Imported:
    """A new board from a Trello export: open lists, cards, labels, checklists and comments."""
    async with _upload(request, "a Trello JSON export") as upload:
        return await service.import_board(session, cpu, access, "trello", upload)


@router.post(
    "/projects/{project_id}/import/csv",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=_file_body(
        "text/csv",
        {"type": "string"},
        "UTF-8 CSV, one card per row after a header (title, description, column, labels, "
        "due, archived, assignees; only title is required).",
    ),
)
async def import_csv(
    request: Request,
    access: ImportAccess,
    session: SessionDep,
    cpu: CpuDep,
    board_name: Annotated[
        Text[Annotated[str, Field(min_length=1, max_length=200)]],
        Query(description="the new board's name"),
    ],
) -> Imported:
    """A new board of the CSV's cards; columns are created in the order rows name them."""
    async with _upload(request, "the CSV file") as upload:
        return await service.import_board(session, cpu, access, "csv", upload, board_name)


@router.post(
    "/projects/{project_id}/import/json",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=_file_body(
        JSON, {"type": "object"}, 'A ProjectFlow board file ("format": "projectflow.board").'
    ),
)
async def import_json(
    request: Request, access: ImportAccess, session: SessionDep, cpu: CpuDep
) -> Imported:
    """A new board from a ProjectFlow board file (as exported with `format=json`)."""
    async with _upload(request, "a ProjectFlow board file") as upload:
        return await service.import_board(session, cpu, access, "json", upload)


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
    access: ReadBoard,
    session: SessionDep,
    cpu: CpuDep,
    file_format: Annotated[
        ExportFormat,
        Query(alias="format", description="json: everything; csv: the cards only"),
    ] = "json",
) -> Response:
    """The whole board as a file, archived cards included."""
    exported = await service.export_board(session, cpu, access, file_format)
    filename = f"{_filename_stem(exported.board_name)}.{file_format}"
    return Response(
        content=exported.content,
        media_type=MEDIA_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


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


def _filename_stem(board_name: str) -> str:
    """The board name as a safe ASCII slug ("Sprint 14: Checkout" → "sprint-14-checkout")."""
    ascii_name = unicodedata.normalize("NFKD", board_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:MAX_FILENAME_STEM].rstrip("-") or "board"
