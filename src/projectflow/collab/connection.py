"""One live client of a document: who it is, what it may do, and what waits to be sent to it."""

import asyncio
from collections import deque
from dataclasses import dataclass

from starlette.websockets import WebSocket

from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess
from projectflow.db.identity import Identity


class CloseCode:
    """WebSocket close codes the sync endpoint uses (RFC 6455 §7.4.1). The y-websocket client
    reconnects after any of them but 4400-4499."""

    PROTOCOL_ERROR = 1002
    UNSUPPORTED_DATA = 1003
    TOO_BIG = 1009
    INTERNAL_ERROR = 1011
    TRY_AGAIN_LATER = 1013  # too slow, or too much unstored: reconnect and resync
    FORBIDDEN = 4403  # access gone (removed from the project, token revoked): do not reconnect


@dataclass(frozen=True)
class Closing:
    code: int
    reason: str


class Connection:
    """Messages to the client go through `send`, which never waits: they queue, and a client
    whose queue passes `send_queue_bytes` is closed (it resyncs when it reconnects) instead of
    holding the process's memory."""

    def __init__(
        self,
        websocket: WebSocket,
        user: Identity,
        token_hash: bytes,
        access: BoardAccess,
        *,
        send_queue_bytes: int,
        write_queue_bytes: int,
    ) -> None:
        self.websocket = websocket
        self.user = user
        self.token_hash = token_hash
        self.access = access  # replaced when a check finds the role changed
        # The awareness client ids this connection speaks for, with their last clocks.
        self.awareness: dict[int, int] = {}
        # Bytes of this client's updates waiting to be stored.
        self.unstored_bytes = 0
        self.write_queue_bytes = write_queue_bytes
        self.closing: Closing | None = None
        self._send_queue_bytes = send_queue_bytes
        self._outbox: deque[bytes] = deque()
        self._outbox_bytes = 0
        self._wake = asyncio.Event()
        self._closed = asyncio.Event()

    @property
    def writable(self) -> bool:
        return self.access.access.allows(Permission.CONTENT_WRITE)

    def send(self, message: bytes) -> None:
        if self.closing is not None:
            return
        self._outbox.append(message)
        self._outbox_bytes += len(message)
        if self._outbox_bytes > self._send_queue_bytes:
            self.close(CloseCode.TRY_AGAIN_LATER, "too slow to keep up; reconnect to resync")
        self._wake.set()

    def close(self, code: int, reason: str) -> None:
        """Ask for the connection to close (what is queued is not sent)."""
        if self.closing is None:
            self.closing = Closing(code, reason)
            self._outbox.clear()
            self._outbox_bytes = 0
        self._closed.set()

    async def closed(self) -> None:
        """Returns once the connection is asked to close."""
        await self._closed.wait()

    async def send_forever(self) -> None:
        """Send what is queued, in order (cancelled when the connection ends)."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._outbox:
                message = self._outbox.popleft()
                self._outbox_bytes -= len(message)
                await self.websocket.send_bytes(message)
