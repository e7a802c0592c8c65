"""`/api/collab/{doc_name}`: live sync of a board document over the y-websocket protocol."""

import asyncio
import contextlib
import logging
from uuid import UUID

from fastapi import APIRouter, WebSocket
from fastapi.responses import JSONResponse

from projectflow.auth.tokens import hash_token
from projectflow.collab import protocol
from projectflow.collab.connection import CloseCode, Closing, Connection
from projectflow.collab.document import MalformedUpdate
from projectflow.collab.rooms import CollabHub, Room, authenticate
from projectflow.kit.errors import AppError, NotFound, Unauthorized

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["collab"])

BOARD_PREFIX = "board:"
# A close frame waits behind what is queued for the client: a client too slow to take it
# is left to the transport's end.
CLOSE_SECONDS = 1.0


@router.websocket("/collab/{doc_name}")
async def collab(websocket: WebSocket, doc_name: str, token: str | None = None) -> None:
    """A board's Yjs document, live (`doc_name`: `board:{board_id}`), for any y-websocket
    client. The bearer token comes as `?token=` (browsers cannot set headers on a WebSocket)
    or `Authorization: Bearer`. Members sync and edit; viewers sync and are told their edits
    are refused; anyone else is answered 401 or 403 before the upgrade."""
    hub: CollabHub = websocket.app.state.collab
    settings = hub.settings
    try:
        board_id = _board_id(doc_name)
        token = token or _bearer(websocket)
        user, access = await authenticate(hub.sessionmaker, token, board_id)
        connection = Connection(
            websocket,
            user,
            hash_token(token),
            access,
            send_queue_bytes=settings.collab_send_queue_bytes,
            write_queue_bytes=settings.collab_write_queue_bytes,
        )
        room = await hub.join(connection)
    except AppError as error:
        response = JSONResponse(error.body(), error.status_code, headers=error.headers)
        await websocket.send_denial_response(response)
        return
    try:
        await websocket.accept()
        closing = await _serve(room, connection, settings.collab_max_message_bytes)
        if closing is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    websocket.close(closing.code, closing.reason[:120]), CLOSE_SECONDS
                )
    finally:
        await hub.leave(room, connection)


def _board_id(doc_name: str) -> UUID:
    if doc_name.startswith(BOARD_PREFIX):
        with contextlib.suppress(ValueError):
            return UUID(doc_name.removeprefix(BOARD_PREFIX))
    raise NotFound(f"No such document: {doc_name!r}; documents are named 'board:<board id>'.")


def _bearer(websocket: WebSocket) -> str:
    scheme, _, credentials = websocket.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise Unauthorized("Send the bearer token as ?token=<token> or 'Authorization: Bearer'.")
    return credentials.strip()


async def _serve(room: Room, connection: Connection, max_message_bytes: int) -> Closing | None:
    """Relay until the client leaves (None) or the connection is to be closed (why)."""
    tasks = {
        asyncio.create_task(connection.send_forever()),
        asyncio.create_task(_receive_forever(room, connection, max_message_bytes)),
        asyncio.create_task(connection.closed()),
    }
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    return connection.closing


async def _receive_forever(room: Room, connection: Connection, max_message_bytes: int) -> None:
    websocket = connection.websocket
    while connection.closing is None:
        event = await websocket.receive()
        if event["type"] == "websocket.disconnect":
            return
        data = event.get("bytes")
        if data is None:
            connection.close(CloseCode.UNSUPPORTED_DATA, "binary y-websocket messages only")
        elif len(data) > max_message_bytes:
            connection.close(
                CloseCode.TOO_BIG, f"messages are limited to {max_message_bytes} bytes"
            )
        else:
            try:
                await room.receive(connection, protocol.parse(data))
            except (protocol.ProtocolError, MalformedUpdate) as error:
                connection.close(CloseCode.PROTOCOL_ERROR, f"not y-websocket protocol: {error}")
            except Exception:
                logger.exception("a live document message failed")
                connection.close(CloseCode.INTERNAL_ERROR, "server error; reconnecting resyncs")
