"""Live documents in this process: each document's clients, and the traffic between them, the
database and the other API processes. The sync endpoint (endpoints.py) feeds it.

A client's updates queue on its document's room, and one writer per room stores them: what
queued while a transaction ran goes into the next one (group commit), through the same checks,
projection and audit as REST. Stored updates reach clients the way every other change does —
announced over NATS after commit (fanout.py) — so a client never hears of an update that is not
stored, and clients on every process hear of it alike. A room whose chain of announced update
ids breaks (a lost message) reads the gap from the database; so does a quiet room now and then.

Awareness (who is here, where their cursor is) is relayed as it comes, never stored: to the
room's other clients and, over NATS, to the other processes' rooms. The server puts the
client's signed-in user in each state, so nobody can appear as someone else.
"""

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections import deque
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from projectflow.auth.tokens import hash_token
from projectflow.authz.dependencies import board_access
from projectflow.authz.permissions import Permission
from projectflow.authz.service import BoardAccess
from projectflow.boards import service as boards
from projectflow.collab import protocol
from projectflow.collab import service as collab
from projectflow.collab.cache import DocumentCache
from projectflow.collab.connection import CloseCode, Connection
from projectflow.collab.fanout import parse_announced
from projectflow.collab.protocol import AwarenessState, Message, MessageType, SyncType
from projectflow.config import Settings
from projectflow.db.identity import Identity, act_as_token_owner, unit_of_work
from projectflow.kit.background import Loop, Service
from projectflow.kit.cpu import CpuPool
from projectflow.kit.errors import AppError, Forbidden, Unauthorized, Unavailable
from projectflow.messaging.names import Names

logger = logging.getLogger(__name__)

# The empty Yjs update: what a client answers to "here is what I have" when it has nothing new.
EMPTY_UPDATE = b"\x00\x00"
# One transaction stores at most this much of what queued.
MAX_BATCH_BYTES = 4 * 1024 * 1024
# Clients renew their awareness state every 15 s and drop one not renewed for 30 s
# (y-protocols); a state heard from another process is forgotten after as long.
AWARENESS_TIMEOUT_SECONDS = 30.0
# The largest awareness state kept (a user, a colour, a card and a cursor take ~200 bytes).
MAX_AWARENESS_STATE_BYTES = 16 * 1024
ORIGIN = "Origin"
READ_ONLY = protocol.permission_denied("read-only: viewers cannot change the board")


@dataclass(frozen=True)
class _Presence:
    state: AwarenessState
    connection: Connection | None  # None: a client of another process
    seen_at: float


class _ReadOnly(Exception):
    pass


@dataclass(frozen=True)
class _Write:
    connection: Connection
    update: bytes


class Room:
    def __init__(self, hub: "CollabHub", doc_id: UUID, project_id: UUID) -> None:
        self.hub = hub
        self.doc_id = doc_id
        self.project_id = project_id
        self.connections: set[Connection] = set()
        self.last_update_id = 0  # every stored update up to this one was sent to the clients
        self._presence: dict[int, _Presence] = {}
        self._typing = boards.TypingBursts()
        self._writes: deque[_Write] = deque()
        self._write_queued = asyncio.Event()
        self._writes_done = asyncio.Event()
        self._writes_done.set()
        # Announcements and catch-ups take turns, so clients get updates in order.
        self._order = asyncio.Lock()
        self._subscriptions: list[Subscription] = []
        self._tasks: list[asyncio.Task[None]] = []
        self.opened: asyncio.Future[None] | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    async def open(self, reader: Connection) -> None:
        """Listen for the document's announcements, then note how far it goes (anything
        committed after that is announced to us)."""
        nc, names = self.hub.nc, self.hub.names
        async with self._order:
            self._subscriptions = [
                await nc.subscribe(names.board_updates(self.doc_id), cb=self._on_announced),
                await nc.subscribe(
                    names.board_awareness(self.doc_id), cb=self._on_remote_awareness
                ),
            ]
            await nc.flush()
            async with self.hub.session(reader) as session:
                self.last_update_id = await collab.last_stored_id(session, self.doc_id)
        self._tasks = [
            asyncio.create_task(self._store_forever(), name=f"collab-store-{self.doc_id}"),
            asyncio.create_task(self._check_forever(), name=f"collab-check-{self.doc_id}"),
        ]

    async def close(self) -> None:
        """Store what is queued, then stop listening."""
        await self._writes_done.wait()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for subscription in self._subscriptions:
            with contextlib.suppress(Exception):  # NATS may be away; the subscription dies with it
                await subscription.unsubscribe()

    # -- a client's messages -----------------------------------------------------------------

    async def welcome(self, connection: Connection) -> None:
        """Start the sync: tell the client what the server holds (it answers with what the
        server lacks), and who else is here."""
        self.connections.add(connection)
        async with self.hub.session(connection) as session:
            state_vector = await collab.state_vector(session, self.hub.cache, self.doc_id)
        connection.send(protocol.sync_step1(state_vector))
        if self._presence:
            connection.send(self._presence_message())

    async def receive(self, connection: Connection, message: Message) -> None:
        if message.type is MessageType.SYNC:
            if message.sync_type is SyncType.STEP1:
                async with self.hub.session(connection) as session:
                    missing = await collab.read_state(
                        session, self.hub.cache, self.doc_id, message.payload
                    )
                connection.send(protocol.sync_step2(missing))
            else:
                self._queue_write(connection, message.payload)
        elif message.type is MessageType.AWARENESS:
            self._on_local_awareness(connection, message.payload)
        elif message.type is MessageType.QUERY_AWARENESS and self._presence:
            connection.send(self._presence_message())

    def leave(self, connection: Connection) -> None:
        """Forget a client; those who saw it here see it go."""
        self.connections.discard(connection)
        gone = [
            AwarenessState(client_id, clock + 1, "null")
            for client_id, clock in connection.awareness.items()
            if self._presence.pop(client_id, None) is not None
        ]
        if gone:
            self._share_awareness(gone)

    # -- storing -----------------------------------------------------------------------------

    def _queue_write(self, connection: Connection, update: bytes) -> None:
        if update == EMPTY_UPDATE:
            return
        if not connection.writable:
            connection.send(READ_ONLY)
            return
        connection.unstored_bytes += len(update)
        if connection.unstored_bytes > connection.write_queue_bytes:
            connection.close(CloseCode.TRY_AGAIN_LATER, "too much unstored; reconnect to resync")
            return
        self._writes.append(_Write(connection, update))
        self._writes_done.clear()
        self._write_queued.set()

    async def _store_forever(self) -> None:
        while True:
            await self._write_queued.wait()
            batch = self._next_batch()
            if not batch:
                self._write_queued.clear()
                self._writes_done.set()
                continue
            await self._store(batch)

    def _next_batch(self) -> list[_Write]:
        """The first queued write's user's queued writes, in order (a transaction acts for one
        user), up to MAX_BATCH_BYTES."""
        if not self._writes:
            return []
        user_id = self._writes[0].connection.user.id
        batch: list[_Write] = []
        rest: deque[_Write] = deque()
        size = 0
        while self._writes:
            write = self._writes.popleft()
            if write.connection.user.id == user_id and (not batch or size < MAX_BATCH_BYTES):
                batch.append(write)
                size += len(write.update)
            else:
                rest.append(write)
        self._writes = rest
        return batch

    async def _store(self, batch: list[_Write]) -> None:
        user_id = batch[0].connection.user.id
        try:
            async with self.hub.session(batch[0].connection) as session:
                # The role as it is now: a member made a viewer since connecting is read-only.
                access = await board_access(session, user_id, self.doc_id, Permission.PROJECT_READ)
                for write in batch:
                    write.connection.access = access
                if not access.access.allows(Permission.CONTENT_WRITE):
                    raise _ReadOnly()
                await boards.apply_synced_updates(
                    session,
                    self.hub.cache,
                    self.hub.cpu,
                    access,
                    [w.update for w in batch],
                    self._typing,
                )
        except _ReadOnly:
            for connection in {write.connection for write in batch}:
                connection.send(READ_ONLY)
        except (Forbidden, Unauthorized):
            for write in batch:
                write.connection.close(CloseCode.FORBIDDEN, "no longer allowed on this board")
        except AppError as error:
            if len(batch) > 1:  # find which of them it was, and store the others
                for write in batch:
                    await self._store([write])
                return
            batch[0].connection.send(protocol.permission_denied(f"refused: {error.message}"))
        except Exception:
            logger.exception("could not store updates to document %s", self.doc_id)
            for write in batch:  # they still hold the updates, and send them again on reconnect
                write.connection.close(CloseCode.INTERNAL_ERROR, "could not store; reconnecting")
        finally:
            for write in batch:
                write.connection.unstored_bytes -= len(write.update)

    # -- stored updates, from every process --------------------------------------------------

    async def _on_announced(self, msg: Msg) -> None:
        announced = parse_announced(msg.headers, msg.data)
        if announced is None:
            return
        async with self._order:
            if announced.update_id <= self.last_update_id:
                return
            if announced.after_id != self.last_update_id or announced.update is None:
                await self._catch_up()
                return
            self.last_update_id = announced.update_id
            self._broadcast(protocol.sync_update(announced.update))

    async def _catch_up(self) -> None:
        """Send what was stored since the last update sent (with `_order` held)."""
        reader = next(iter(self.connections), None)
        if reader is None:
            return
        async with self.hub.session(reader) as session:
            updates, last = await collab.stored_after(session, self.doc_id, self.last_update_id)
        for update in updates:
            self._broadcast(protocol.sync_update(update))
        self.last_update_id = max(self.last_update_id, last)

    async def _check_forever(self) -> None:
        """Now and then: catch up if an announcement was missed, forget presence nobody
        renewed, and check that every client may still be here."""
        settings = self.hub.settings
        next_access_check = time.monotonic() + settings.collab_access_check_seconds
        while True:
            await asyncio.sleep(settings.collab_catch_up_seconds)
            try:
                await self._check_stored()
                self._forget_stale_presence()
                self._typing.forget_old()
                if time.monotonic() >= next_access_check:
                    next_access_check = time.monotonic() + settings.collab_access_check_seconds
                    for connection in list(self.connections):
                        await self.check_access(connection)
            except Exception:
                logger.exception("checking live document %s failed", self.doc_id)

    async def _check_stored(self) -> None:
        reader = next(iter(self.connections), None)
        if reader is None:
            return
        async with self.hub.session(reader) as session:
            last = await collab.last_stored_id(session, self.doc_id)
        if last > self.last_update_id:
            async with self._order:
                await self._catch_up()

    async def check_access(self, connection: Connection) -> None:
        """Close the connection if its token or its access is gone; note a new role."""
        try:
            async with self.hub.sessionmaker() as session, session.begin():
                user = await act_as_token_owner(session, connection.token_hash)
                if user is None:
                    raise Unauthorized()
                access = await board_access(session, user.id, self.doc_id, Permission.PROJECT_READ)
        except (Forbidden, Unauthorized):
            connection.close(CloseCode.FORBIDDEN, "no longer allowed on this board")
            return
        connection.access = access

    def _broadcast(self, message: bytes) -> None:
        for connection in self.connections:
            connection.send(message)

    # -- awareness ---------------------------------------------------------------------------

    def _on_local_awareness(self, connection: Connection, payload: bytes) -> None:
        accepted = []
        for state in protocol.parse_awareness(payload):
            held = self._presence.get(state.client_id)
            if held is not None and held.connection not in (None, connection):
                continue  # another client's id
            if state.state == "null":
                self._presence.pop(state.client_id, None)
                connection.awareness.pop(state.client_id, None)
            else:
                state = _signed(state, connection)
                self._presence[state.client_id] = _Presence(state, connection, time.monotonic())
                connection.awareness[state.client_id] = state.clock
            accepted.append(state)
        if accepted:
            self._share_awareness(accepted)

    def _share_awareness(self, states: list[AwarenessState]) -> None:
        """To every client here — the sender too: its clients reconnect after 30 s without a
        message, and a client alone on a board hears only its own renewals — and elsewhere."""
        payload = protocol.encode_awareness(states)
        self._broadcast(protocol.awareness(payload))
        self.hub.publish_awareness(self.doc_id, payload)

    async def _on_remote_awareness(self, msg: Msg) -> None:
        if (msg.headers or {}).get(ORIGIN) == self.hub.id:
            return
        try:
            states = protocol.parse_awareness(msg.data)
        except protocol.ProtocolError:
            return
        now = time.monotonic()
        for state in states:
            if state.state == "null":
                self._presence.pop(state.client_id, None)
            else:
                self._presence[state.client_id] = _Presence(state, None, now)
        self._broadcast(protocol.awareness(msg.data))

    def _presence_message(self) -> bytes:
        states = [presence.state for presence in self._presence.values()]
        return protocol.awareness(protocol.encode_awareness(states))

    def _forget_stale_presence(self) -> None:
        oldest = time.monotonic() - AWARENESS_TIMEOUT_SECONDS
        for client_id, presence in list(self._presence.items()):
            if presence.connection is None and presence.seen_at < oldest:
                del self._presence[client_id]


def _signed(state: AwarenessState, connection: Connection) -> AwarenessState:
    """The state with `user` saying who is signed in on this connection (kept: the rest of
    `user`, such as a colour, and everything else the client shares)."""
    if len(state.state) > MAX_AWARENESS_STATE_BYTES:
        raise protocol.ProtocolError("an awareness state larger than 16 KiB")
    try:
        value = json.loads(state.state)
    except json.JSONDecodeError:
        raise protocol.ProtocolError("an awareness state that is not JSON") from None
    if not isinstance(value, dict):
        raise protocol.ProtocolError("an awareness state that is not a JSON object")
    user = value.get("user")
    value["user"] = {
        **(user if isinstance(user, dict) else {}),
        "id": str(connection.user.id),
        "name": connection.user.name,
    }
    return replace(state, state=json.dumps(value, separators=(",", ":"), ensure_ascii=False))


class CollabHub(Service):
    """The rooms of this process, and what they share: NATS, the database, the documents."""

    def __init__(
        self,
        nc: Client,
        names: Names,
        sessionmaker: async_sessionmaker[AsyncSession],
        cache: DocumentCache,
        cpu: CpuPool,
        settings: Settings,
    ) -> None:
        self.id = uuid.uuid4().hex  # marks this process's awareness messages
        self.nc = nc
        self.names = names
        self.sessionmaker = sessionmaker
        self.cache = cache
        self.cpu = cpu
        self.settings = settings  # its collab_* limits
        self.rooms: dict[UUID, Room] = {}

    def loops(self) -> tuple[Loop, ...]:
        return (self._watch_access, self._unload_idle_documents)

    def session(self, connection: Connection) -> Any:
        """A transaction acting for the connection's user."""
        return unit_of_work(self.sessionmaker, connection.user.id)

    async def join(self, connection: Connection) -> Room:
        """The connection's room, opened if it is the document's first here."""
        access = connection.access
        room = self.rooms.get(access.board_id)
        if room is None:
            if len(self.rooms) >= self.settings.collab_max_documents:
                raise Unavailable("This server holds as many live boards as it may.", retry_after=5)
            room = self.rooms[access.board_id] = Room(self, access.board_id, access.project_id)
            room.opened = asyncio.ensure_future(room.open(connection))
        assert room.opened is not None
        try:
            await asyncio.shield(room.opened)
        except BaseException:
            if self.rooms.get(room.doc_id) is room and not room.connections:
                del self.rooms[room.doc_id]
                await room.close()
            raise
        await room.welcome(connection)
        return room

    async def leave(self, room: Room, connection: Connection) -> None:
        room.leave(connection)
        if not room.connections and self.rooms.get(room.doc_id) is room:
            del self.rooms[room.doc_id]
            await room.close()

    def publish_awareness(self, doc_id: UUID, payload: bytes) -> None:
        subject = self.names.board_awareness(doc_id)
        task = asyncio.ensure_future(self.nc.publish(subject, payload, headers={ORIGIN: self.id}))
        task.add_done_callback(_ignore_failure)

    async def _watch_access(self) -> None:
        """Check at once the clients of a project whose access to it changed."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(1000)

        async def on_message(msg: Msg) -> None:
            with contextlib.suppress(asyncio.QueueFull, ValueError):
                queue.put_nowait(json.loads(msg.data))

        subscription = await self.nc.subscribe(self.names.project_access("*"), cb=on_message)
        try:
            while True:
                signal = await queue.get()
                await self._recheck(str(signal.get("project_id")), str(signal.get("user_id")))
        finally:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()

    async def _recheck(self, project_id: str, user_id: str) -> None:
        for room in list(self.rooms.values()):
            if str(room.project_id) != project_id:
                continue
            for connection in list(room.connections):
                if str(connection.user.id) == user_id:
                    try:
                        await room.check_access(connection)
                    except Exception:
                        logger.exception("checking a live connection's access failed")

    async def _unload_idle_documents(self) -> None:
        while True:
            await asyncio.sleep(min(60.0, self.settings.doc_idle_seconds))
            self.cache.drop_idle(self.settings.doc_idle_seconds)


def _ignore_failure(task: "asyncio.Future[None]") -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.debug("awareness not shared: %s", task.exception())


async def authenticate(
    sessionmaker: async_sessionmaker[AsyncSession], token: str, board_id: UUID
) -> tuple[Identity, BoardAccess]:
    """(identity, board access) for a token on a board; Unauthorized or Forbidden if not."""
    async with sessionmaker() as session, session.begin():
        user = await act_as_token_owner(session, hash_token(token))
        if user is None:
            raise Unauthorized()
        return user, await board_access(session, user.id, board_id, Permission.PROJECT_READ)
