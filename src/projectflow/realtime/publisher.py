"""`EventPublisher`: events leave for NATS after commit, in order, off the request path.

A committed transaction hands its events over with `submit` (synchronous: it runs in the
after-commit hook); one loop publishes them in the order they came — to JetStream, or as a plain
NATS message for whoever listens now (a signal, such as a job's cancel). Events are notices —
the database holds the truth — so when NATS is away they are dropped (and counted) rather than
held without bound: a client that missed some reloads from the API.
"""

import asyncio
import json
import logging
from typing import Any, NamedTuple

from nats.aio.client import Client
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.db.hooks import on_commit
from projectflow.kit.background import Loop, Service
from projectflow.messaging.names import Names

logger = logging.getLogger(__name__)

PUBLISH_TIMEOUT_SECONDS = 2.0
# What a session factory's `info` carries for this module (see db/engine.py): the publisher,
# and the Names of the subjects.
SESSION_KEY = "projectflow.events"
NAMES_KEY = "projectflow.names"


class _Outgoing(NamedTuple):
    subject: str
    data: bytes
    stored: bool
    headers: dict[str, str] | None = None


class EventPublisher(Service):
    """Publishes submitted events while entered (`async with publisher:`)."""

    def __init__(self, nc: Client, capacity: int = 10_000) -> None:
        self._nc = nc
        self._js = nc.jetstream()
        self._queue: asyncio.Queue[_Outgoing] = asyncio.Queue(capacity)
        self.dropped = 0

    def loops(self) -> tuple[Loop, ...]:
        return (self._publish_forever,)

    def submit(self, subject: str, event: dict[str, Any], *, stored: bool = True) -> None:
        self._put(_Outgoing(subject, json.dumps(event, default=str).encode(), stored))

    def submit_bytes(self, subject: str, data: bytes, headers: dict[str, str]) -> None:
        """A message as it is, for those listening now (a document's update, say)."""
        self._put(_Outgoing(subject, data, stored=False, headers=headers))

    def _put(self, outgoing: _Outgoing) -> None:
        try:
            self._queue.put_nowait(outgoing)
        except asyncio.QueueFull:
            self.dropped += 1

    async def _publish_forever(self) -> None:
        while True:
            subject, data, stored, headers = await self._queue.get()
            try:
                if stored:
                    await self._js.publish(subject, data, timeout=PUBLISH_TIMEOUT_SECONDS)
                else:
                    await self._nc.publish(subject, data, headers=headers)
            except Exception as error:
                self.dropped += 1
                logger.warning("event for %s dropped: %s", subject, error)


def session_info(publisher: EventPublisher, names: Names) -> dict[str, Any]:
    """What a session factory's `info` needs for sessions to publish after commit."""
    return {SESSION_KEY: publisher, NAMES_KEY: names}


def publish_after_commit(
    session: AsyncSession, subject: str, event: dict[str, Any], *, stored: bool = True
) -> None:
    """Publish `event` once the session's transaction commits (never if it rolls back): to
    the JetStream stream that holds `subject`, or, not `stored`, to those listening now.

    The session's factory carries the publisher (`create_sessionmaker(..., events=...)`); a
    session without one (a command-line tool) publishes nothing.
    """
    publisher: EventPublisher | None = session.info.get(SESSION_KEY)
    if publisher is not None:
        on_commit(session, lambda: publisher.submit(subject, event, stored=stored))


def publish_bytes_after_commit(
    session: AsyncSession, subject: str, data: bytes, headers: dict[str, str]
) -> None:
    """Send `data` as it is to those listening on `subject` once the transaction commits."""
    publisher: EventPublisher | None = session.info.get(SESSION_KEY)
    if publisher is not None:
        on_commit(session, lambda: publisher.submit_bytes(subject, data, headers))


def names_of(session: AsyncSession) -> Names | None:
    """The NATS names of the session's deployment (None: a session without a publisher)."""
    names: Names | None = session.info.get(NAMES_KEY)
    return names
