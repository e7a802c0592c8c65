import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, status
from fastapi.responses import Response
from pydantic import Field

from projectflow.authz.dependencies import require, require_board
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess, ProjectAccess
from projectflow.boards import service
from projectflow.boards.schemas import BoardCreate, BoardOut, BoardSummary, DocApplied
from projectflow.db.session import SessionDep
from projectflow.kit.errors import BadRequest
from projectflow.kit.fields import BIGINT_MAX, Text
from projectflow.state import CpuDep, DocCacheDep

router = APIRouter(prefix="/api", tags=["boards"])

ReadBoard = Annotated[BoardAccess, require_board(Permission.PROJECT_READ)]
WriteBoard = Annotated[BoardAccess, require_board(Permission.CONTENT_WRITE)]
YJS = "application/octet-stream"
YjsClientId = Text[Annotated[str, Field(max_length=100)]]


@router.post("/projects/{project_id}/boards", status_code=status.HTTP_201_CREATED)
async def create_board(
    data: BoardCreate,
    access: Annotated[ProjectAccess, require(Permission.CONTENT_WRITE)],
    session: SessionDep,
    cache: DocCacheDep,
) -> BoardOut:
    """A new board: by default with the columns "To do", "In progress" and "Done"; or as a
    template makes it (`kanban`, `sprint`, `bug_triage`, or `sample`: a board that shows what
    boards can do)."""
    writer = await service.create_board(session, cache, access, data.name, data.template)
    return await service.board_view(session, writer.board_id, include_archived=False)


@router.get("/projects/{project_id}/boards")
async def list_boards(
    access: Annotated[ProjectAccess, require(Permission.PROJECT_READ)], session: SessionDep
) -> list[BoardSummary]:
    return await service.list_boards(session, access)


@router.get("/boards/{board_id}", response_model=BoardOut)
async def get_board(
    access: ReadBoard,
    session: SessionDep,
    archived: Annotated[bool, Query(description="include archived cards")] = False,
) -> Response:
    """Columns and cards in display order (archived cards only with `archived=true`)."""
    body = await service.board_view_json(session, access.board_id, include_archived=archived)
    return Response(content=body, media_type="application/json")


@router.get(
    "/boards/{board_id}/doc",
    response_class=Response,
    responses={
        200: {"content": {YJS: {}}, "description": "A Yjs update (v1 encoding)"},
        400: {"description": "`state_vector` is not a base64 Yjs state vector"},
    },
)
async def get_document(
    access: ReadBoard,
    session: SessionDep,
    cache: DocCacheDep,
    state_vector: Annotated[
        str | None, Query(description="base64 Yjs state vector: return only what it lacks")
    ] = None,
) -> Response:
    """The board's document as one Yjs update, or only the part a client is missing."""
    vector = _base64(state_vector, "state_vector") if state_vector is not None else None
    content = await service.read_document(session, cache, access.board_id, vector)
    return Response(content=content, media_type=YJS)


@router.post(
    "/boards/{board_id}/doc",
    responses={409: {"description": "The update reuses ids of another board's columns or cards"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {YJS: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def post_document(
    request: Request,
    access: WriteBoard,
    session: SessionDep,
    cache: DocCacheDep,
    cpu: CpuDep,
    client_id: Annotated[YjsClientId | None, Header(alias="X-Yjs-Client-Id")] = None,
    # Stored in a bigint column: anything larger is refused here, not by the database.
    seq: Annotated[int | None, Header(alias="X-Yjs-Seq", ge=0, le=BIGINT_MAX)] = None,
) -> DocApplied:
    """Merge a Yjs update (v1 encoding). With `X-Yjs-Client-Id` and `X-Yjs-Seq`, a retried
    update is stored once; without them, identical bytes are."""
    update = await request.body()
    if not update:
        raise BadRequest("The body is empty; send a Yjs update (application/octet-stream).")
    return await service.apply_document_update(
        session, cache, cpu, access, update, client_id=client_id, seq=seq
    )


def _base64(value: str, name: str) -> bytes:
    """Standard or URL-safe base64, padded or not ('+' may arrive as ' ' in a query string)."""
    normalized = value.strip().replace(" ", "+").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(normalized + "=" * (-len(normalized) % 4), validate=True)
    except (binascii.Error, ValueError) as error:
        raise BadRequest(f"{name} is not valid base64.", details={"field": name}) from error
