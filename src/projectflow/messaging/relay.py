"""The outbox relay: jobs leave for JetStream only after the transaction that made them commits.

A job's row and its outbox row are written in the transaction of the change that creates it.
The relay claims outbox rows (FOR UPDATE SKIP LOCKED, so relays in several processes share the
work), publishes each with `Nats-Msg-Id` (JetStream drops a re-send within its duplicate
window), and deletes the rows it saw acknowledged, in one transaction. A crash anywhere in
between re-sends at worst, and NATS being away only delays: the rows wait until it is back.

It wakes on `NOTIFY job_outbox` (sent by a trigger when such a transaction commits), and also
every `poll_seconds`, for what a lost notification or a failed round left behind.
"""

import asyncio
import contextlib
import json
import logging
from typing import Any

import asyncpg
from nats.js import JetStreamContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from projectflow.db.identity import unit_of_work
from projectflow.kit.background import Loop, Service
from projectflow.messaging.names import Names

logger = logging.getLogger(__name__)

CHANNEL = "job_outbox"
BATCH = 200
PUBLISH_TIMEOUT_SECONDS = 2.0
MAX_RETRY_DELAY_SECONDS = 10.0

_CLAIM = text("SELECT * FROM job_outbox_claim(:limit)")
_SENT = text("SELECT job_outbox_sent(CAST(:ids AS bigint[]))")


class OutboxRelay(Service):
    """Relays the job outbox to JetStream while it is entered (`async with relay:`)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        listen_dsn: str,
        js: JetStreamContext,
        names: Names,
        *,
        poll_seconds: float = 2.0,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._listen_dsn = listen_dsn
        self._js = js
        self._names = names
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()

    def loops(self) -> tuple[Loop, ...]:
        return (self._relay, self._listen)

    async def relay_once(self) -> int:
        """Publish one batch; returns how many rows it claimed. Raises if a publish failed
        (after committing what did go out)."""
        async with unit_of_work(self._sessionmaker, None) as session:
            rows = (await session.execute(_CLAIM, {"limit": BATCH})).all()
            if not rows:
                return 0
            outcomes = await asyncio.gather(
                *(self._publish(row) for row in rows), return_exceptions=True
            )
            sent = [
                row.outbox_id
                for row, outcome in zip(rows, outcomes, strict=True)
                if outcome is None
            ]
            if sent:
                await session.execute(_SENT, {"ids": sent})
        failed = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
        if failed:
            raise PublishFailed(len(failed), len(rows)) from failed[0]
        return len(rows)

    async def _publish(self, row: Any) -> None:
        payload = {
            "job_id": str(row.job_id),
            "project_id": str(row.project_id),
            "kind": row.kind,
            "created_by": str(row.created_by),
        }
        await self._js.publish(
            self._names.queue_subject(row.kind),
            json.dumps(payload).encode(),
            timeout=PUBLISH_TIMEOUT_SECONDS,
            headers={"Nats-Msg-Id": row.msg_id},
        )

    async def _relay(self) -> None:
        failures = 0
        while True:
            self._wake.clear()
            delay = self._poll_seconds
            try:
                if await self.relay_once() == BATCH:
                    delay = 0  # more are waiting
                failures = 0
            except Exception as error:
                failures += 1
                delay = min(MAX_RETRY_DELAY_SECONDS, 0.25 * 2**failures)
                logger.warning("job outbox relay: %s; retrying in %.1f s", error, delay)
            if delay:
                await _wait(self._wake, delay)

    async def _listen(self) -> None:
        """Keep a LISTEN connection; reconnect (and relay, for what was missed) when it drops."""
        while True:
            try:
                conn = await asyncpg.connect(self._listen_dsn)
            except (OSError, asyncpg.PostgresError) as error:
                logger.warning("job outbox relay cannot listen: %s", error)
                await asyncio.sleep(self._poll_seconds)
                continue
            closed = asyncio.Event()
            conn.add_termination_listener(lambda _, closed=closed: closed.set())
            try:
                await conn.add_listener(CHANNEL, lambda *_: self._wake.set())
                self._wake.set()
                await closed.wait()
            finally:
                await conn.close(timeout=1)


class PublishFailed(Exception):
    def __init__(self, failed: int, claimed: int) -> None:
        super().__init__(f"{failed} of {claimed} jobs could not be published")


async def _wait(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), seconds)
