"""The sync endpoint's bounds: what is not y-websocket protocol closes the connection with a
reason, a client too slow to keep up is dropped (and resyncs) instead of held in memory, and a
process holds only so many live documents."""

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from projectflow.app import create_app
from projectflow.collab import protocol
from projectflow.collab.cache import DocumentCache
from projectflow.config import Settings
from projectflow.runtime.supervisor import websocket_options
from tests.support.api import Account, create_board
from tests.support.live import serve
from tests.support.yjs_clients import eventually, team

MAX_MESSAGE = 4096
SEND_QUEUE = 64 * 1024


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    bounded = settings.model_copy(
        update={
            "collab_max_message_bytes": MAX_MESSAGE,
            "collab_send_queue_bytes": SEND_QUEUE,
            "collab_max_documents": 2,
        }
    )
    return create_app(bounded)


@pytest.fixture
def api_url(app: FastAPI, settings: Settings) -> Iterator[str]:
    with serve(app, lifespan="on", **websocket_options(settings)) as url:
        yield url


@pytest.fixture
async def http(api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        yield client


def _url(api_url: str, board_id: str, account: Account) -> str:
    return (
        api_url.replace("http://", "ws://") + f"/api/collab/board:{board_id}?token={account.token}"
    )


async def _closed(ws: ClientConnection) -> ConnectionClosed:
    """Read until the server closes the connection; how it closed it."""
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(_read_all(ws), 30)
    return closed.value


@pytest.mark.parametrize(
    ("message", "code", "reason"),
    [
        ("a text frame", 1003, "binary y-websocket messages only"),
        (b"\x07\x00", 1002, "unknown message type"),
        (b"\x00\x02\x05ab", 1002, "a length past the end of the message"),
        (protocol.sync_update(b"\x01" * MAX_MESSAGE), 1009, f"limited to {MAX_MESSAGE} bytes"),
    ],
)
async def test_what_is_not_protocol_closes_with_a_reason(
    api_url: str, http: httpx.AsyncClient, message: Any, code: int, reason: str
) -> None:
    owner, _, board = await team(http)
    async with connect(_url(api_url, board["id"], owner), max_size=None) as ws:
        await ws.send(message)
        closed = await _closed(ws)
    assert closed.rcvd is not None
    assert closed.rcvd.code == code
    assert reason in closed.rcvd.reason


async def test_a_malformed_update_is_refused_and_the_connection_lives_on(
    api_url: str, http: httpx.AsyncClient
) -> None:
    owner, _, board = await team(http)
    async with connect(_url(api_url, board["id"], owner)) as ws:
        await ws.send(protocol.sync_update(b"\x01\x01\xff\xff\xff\xff\x0f"))
        while (
            message := protocol.parse(await asyncio.wait_for(ws.recv(), 10), from_server=True)
        ).type != (protocol.MessageType.AUTH):
            pass
        assert message.payload.startswith(b"refused: ")
        await ws.send(protocol.sync_step1(b"\x00"))  # still served
        while protocol.parse(await asyncio.wait_for(ws.recv(), 10), from_server=True).sync_type != (
            protocol.SyncType.STEP2
        ):
            pass


async def test_a_client_too_slow_to_keep_up_is_dropped(
    app: FastAPI, api_url: str, http: httpx.AsyncClient
) -> None:
    owner, _, board = await team(http)
    card = await http.post(
        f"/api/boards/{board['id']}/cards",
        json={"column_id": board["columns"][0]["id"], "title": "Long"},
        headers=owner.headers,
    )
    url = _url(api_url, board["id"], owner)
    # The slow one stops reading after one message (and its small receive buffer stops the
    # kernel from taking tens of megabytes for it); the other reads everything.
    async with (
        connect(url, max_queue=1, sock=_small_buffer_socket(api_url)) as slow,
        connect(url) as fast,
    ):
        received = asyncio.create_task(_read_all(fast))
        room = app.state.collab.rooms[uuid.UUID(board["id"])]
        for _ in range(1000):  # ~45 KB per update: kernel buffers fill, then our queue
            description = uuid.uuid4().hex * 1400
            response = await http.patch(
                f"/api/cards/{card.json()['id']}",
                json={"description": description},
                headers=owner.headers,
            )
            assert response.status_code == 200, response.text
            if len(room.connections) == 1:
                break
        assert len(room.connections) == 1  # the slow one is gone, the fast one stays
        closed = await _closed(slow)  # it sees the end once it reads again
        assert closed.rcvd is None or closed.rcvd.code == 1013
        received.cancel()


def _small_buffer_socket(api_url: str) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    host, port = api_url.removeprefix("http://").split(":")
    sock.connect((host, int(port)))
    sock.setblocking(False)
    return sock


async def _read_all(ws: ClientConnection) -> None:
    while True:
        await ws.recv()


async def test_a_process_holds_so_many_live_documents(
    api_url: str, http: httpx.AsyncClient
) -> None:
    owner, _, board = await team(http)
    second = await create_board(http, board["project_id"], owner)
    third = await create_board(http, board["project_id"], owner)
    async with (
        connect(_url(api_url, board["id"], owner)),
        connect(_url(api_url, second["id"], owner)),
    ):
        with pytest.raises(InvalidStatus) as refused:
            async with connect(_url(api_url, third["id"], owner)):
                pass
        assert refused.value.response.status_code == 503
        assert refused.value.response.headers["Retry-After"] == "5"

    # Once they are closed, there is room again.
    async def third_connects() -> bool:
        try:
            async with connect(_url(api_url, third["id"], owner)) as ws:
                return (await ws.recv())[0] == 0
        except InvalidStatus:
            return False

    await eventually(third_connects)


def test_documents_nobody_used_for_a_while_leave_memory() -> None:
    cache = DocumentCache(capacity=10)
    kept, idle = cache.entry(uuid.uuid4()), cache.entry(uuid.uuid4())
    idle.used_at -= 120
    kept.used_at -= 120
    cache.entry(kept.doc_id)  # used again
    cache.drop_idle(60)
    assert cache.entry(kept.doc_id) is kept
    assert cache.entry(idle.doc_id) is not idle
