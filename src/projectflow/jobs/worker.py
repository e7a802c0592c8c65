"""`projectflow worker`: pull jobs from JetStream and run them, `concurrency` at a time.

One durable pull consumer per kind is shared by all workers. A job that runs long keeps its
message with `in_progress` heartbeats (every third of `ack_wait`); a worker that dies stops
heartbeating and the message goes to another worker once `ack_wait` passes. Every worker hears
every job's cancel (`jobs.*.control`) and passes it to the job if it runs it. On SIGTERM a
worker stops pulling, gives running jobs `grace_seconds` to end, then releases the rest (nak:
another worker takes them at once).
"""

import asyncio
import contextlib
import json
import logging
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import httpx
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext

from projectflow.collab.cache import DocumentCache
from projectflow.config import Settings
from projectflow.db.engine import create_engine, create_sessionmaker
from projectflow.jobs.context import CancelSignal, Services
from projectflow.jobs.kinds import JobKind, load_kinds
from projectflow.jobs.publish import JobEvents
from projectflow.jobs.runner import Delivery, Runtime, run_delivery
from projectflow.jobs.stats import WorkerStats
from projectflow.kit.cpu import CpuPool
from projectflow.messaging.connection import disconnect_nats
from projectflow.messaging.names import Names
from projectflow.messaging.streams import (
    connect_with_streams,
    consumer_config,
    ensure_consumer,
    queue_settings,
)
from projectflow.realtime.publisher import EventPublisher, session_info
from projectflow.state import load_secret_box

logger = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 1.0
DB_WAIT_SECONDS = 300.0
STATS_EVERY_SECONDS = 2.0
# Deliveries beyond a kind's attempts: one records a worker lost on the last attempt; the
# others let a failed dead-letter publish be retried.
EXTRA_DELIVERIES = 3


@dataclass(frozen=True)
class WorkerOptions:
    concurrency: int
    kinds: tuple[str, ...] = ()  # empty: every kind


class Worker:
    def __init__(self, settings: Settings, options: WorkerOptions) -> None:
        self.settings = settings
        self.names = Names(settings.nats_namespace)
        all_kinds = load_kinds(settings.job_modules)
        unknown = set(options.kinds) - all_kinds.keys()
        if unknown:
            raise ValueError(f"unknown job kinds: {', '.join(sorted(unknown))}")
        self.kinds = {name: all_kinds[name] for name in options.kinds or all_kinds}
        self.concurrency = max(1, options.concurrency)
        worker_id = f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"
        self.stats = WorkerStats(worker_id, self.concurrency, sorted(self.kinds))
        self._slots = asyncio.Semaphore(self.concurrency)
        self._running: set[asyncio.Task[None]] = set()

    async def run(self, stop: asyncio.Event) -> None:
        """Work until `stop` is set, then wind down (see the module's docstring)."""
        async with self._services() as runtime:
            subscriptions = [
                await self._subscribe(runtime.js, kind) for kind in self.kinds.values()
            ]
            fetchers = [
                asyncio.create_task(self._fetch_forever(kind, subscription, runtime))
                for kind, subscription in zip(self.kinds.values(), subscriptions, strict=True)
            ]
            fetchers.append(asyncio.create_task(self._report_forever(runtime.js)))
            logger.info(
                "worker %s: %s, %d at a time",
                self.stats.worker_id,
                ", ".join(self.kinds),
                self.concurrency,
            )
            try:
                await stop.wait()
            finally:
                await _cancel(fetchers)
                await self._wind_down()

    @contextlib.asynccontextmanager
    async def _services(self) -> AsyncIterator[Runtime]:
        settings = self.settings
        assert settings.database_url
        assert settings.nats_url
        # Jobs share a bounded pool (they hold a connection only per transaction): a pool per
        # slot would let a few busy workers take all of PostgreSQL's connections. A job waits
        # its turn for one rather than failing (a burst of hundreds of AI runs did, at 30 s).
        engine = create_engine(
            settings.database_url,
            pool_size=min(settings.db_pool_size, self.concurrency + 1),
            pool_timeout=DB_WAIT_SECONDS,
        )
        nats_client = await connect_with_streams(
            settings.nats_url, self.names, queue_settings(settings)
        )
        cpu = CpuPool(settings.cpu_workers)
        http = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=64)
        )
        maintenance = (
            create_engine(settings.maintenance_database_url, pool_size=1)
            if settings.maintenance_database_url
            else None
        )
        services = Services(
            settings=settings,
            doc_cache=DocumentCache(settings.doc_cache_size),
            http=http,
            secret_box=load_secret_box(settings),
            maintenance=maintenance,
        )
        cancels: dict[uuid.UUID, CancelSignal] = {}
        try:
            js = nats_client.jetstream()
            await nats_client.subscribe(self.names.job_control("*"), cb=_on_control(cancels))
            async with EventPublisher(nats_client) as board_events:
                sessionmaker = create_sessionmaker(
                    engine, info=session_info(board_events, self.names)
                )
                yield Runtime(
                    sessionmaker=sessionmaker,
                    js=js,
                    names=self.names,
                    events=JobEvents(nats_client, self.names),
                    cpu=cpu,
                    services=services,
                    retry_base_seconds=settings.job_retry_base_seconds,
                    retry_max_seconds=settings.job_retry_max_seconds,
                    cancels=cancels,
                )
        finally:
            await http.aclose()
            await cpu.close()
            await disconnect_nats(nats_client)
            await engine.dispose()
            if maintenance is not None:
                await maintenance.dispose()

    async def _subscribe(
        self, js: JetStreamContext, kind: JobKind
    ) -> JetStreamContext.PullSubscription:
        config = consumer_config(
            self.names,
            kind.name,
            ack_wait=self.settings.job_ack_wait_seconds,
            max_deliver=kind.max_attempts + EXTRA_DELIVERIES,
        )
        await ensure_consumer(js, self.names, config)
        assert config.durable_name
        return await js.pull_subscribe_bind(config.durable_name, self.names.jobs_stream)

    async def _fetch_forever(
        self, kind: JobKind, subscription: JetStreamContext.PullSubscription, runtime: Runtime
    ) -> None:
        """Look for a job of `kind` whenever a slot is free, without holding a slot while the
        queue is empty: a worker's idle kinds must not keep its busy ones waiting."""
        while True:
            await self._free_slot()
            try:
                messages = await subscription.fetch(1, timeout=FETCH_TIMEOUT_SECONDS)
            except (TimeoutError, NatsTimeoutError):
                continue
            except Exception as error:
                logger.warning("fetching %s jobs: %s", kind.name, error)
                await asyncio.sleep(FETCH_TIMEOUT_SECONDS)
                continue
            await self._take_slot(messages[0])
            task = asyncio.create_task(self._handle(kind, messages[0], runtime))
            self._running.add(task)
            task.add_done_callback(self._done)

    async def _free_slot(self) -> None:
        """Until a slot is free (it is not taken: several kinds may look at once)."""
        await self._slots.acquire()
        self._slots.release()

    async def _take_slot(self, message: Msg) -> None:
        """A slot for a job in hand. Another kind may have taken the last one meanwhile: the
        job then waits its turn, its message kept alive; on shutdown it goes back at once."""
        heartbeat = asyncio.create_task(self._heartbeat(message))
        try:
            await self._slots.acquire()
        except asyncio.CancelledError:
            await _release(message)
            raise
        finally:
            await _cancel([heartbeat])

    def _done(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        self._slots.release()

    async def _handle(self, kind: JobKind, message: Msg, runtime: Runtime) -> None:
        started = time.monotonic()
        self.stats.busy += 1
        heartbeat = asyncio.create_task(self._heartbeat(message))
        outcome = "released"
        try:
            outcome = await self._settle(kind, message, runtime)
        except asyncio.CancelledError:
            await _release(message)
            raise
        except Exception:
            # Not even the failure could be recorded (the database or NATS is away): the message
            # comes back after ack_wait and the job is tried again.
            outcome = "interrupted"
            logger.exception("job message on %s could not be handled", message.subject)
        finally:
            await _cancel([heartbeat])
            self.stats.busy -= 1
            redelivered = message.metadata.num_delivered > 1
            self.stats.finished(
                kind.name, outcome, time.monotonic() - started, redelivered=redelivered
            )

    async def _settle(self, kind: JobKind, message: Msg, runtime: Runtime) -> str:
        """Run the delivery, then tell the queue how it went; returns the outcome."""
        delivery = _delivery(message)
        if delivery is None:
            await message.term()  # redelivering it would not make it readable
            return "malformed"
        verdict = await run_delivery(runtime, kind, delivery)
        if verdict.retry_after is None:
            await message.ack_sync()
        else:
            await message.nak(delay=verdict.retry_after)
        return verdict.outcome

    async def _heartbeat(self, message: Msg) -> None:
        while True:
            await asyncio.sleep(self.settings.job_ack_wait_seconds / 3)
            with contextlib.suppress(Exception):
                await message.in_progress()

    async def _wind_down(self) -> None:
        if not self._running:
            return
        logger.info(
            "waiting up to %.0f s for %d running jobs",
            self.settings.worker_grace_seconds,
            len(self._running),
        )
        _, unfinished = await asyncio.wait(
            set(self._running), timeout=self.settings.worker_grace_seconds
        )
        await _cancel(list(unfinished))

    async def _report_forever(self, js: JetStreamContext) -> None:
        """Keep this worker's entry in the workers bucket fresh (for /metrics and `up`)."""
        bucket = None
        while True:
            try:
                bucket = bucket or await js.key_value(self.names.workers_bucket)
                await bucket.put(self.stats.worker_id, self.stats.encode())
            except Exception as error:
                bucket = None
                logger.debug("worker figures not published: %s", error)
            await asyncio.sleep(STATS_EVERY_SECONDS)


def _delivery(message: Msg) -> Delivery | None:
    metadata = message.metadata
    try:
        return Delivery.parse(message.data, metadata.num_delivered, metadata.sequence.stream)
    except (ValueError, KeyError, TypeError):
        logger.error("dropping a malformed job message on %s", message.subject)
        return None


def _on_control(cancels: dict[uuid.UUID, CancelSignal]) -> Callable[[Msg], Awaitable[None]]:
    """The handler of `jobs.<id>.control` messages: `{"signal": "cancel"}` cancels the job if
    this worker runs it."""

    async def on_message(message: Msg) -> None:
        try:
            job_id = uuid.UUID(message.subject.split(".")[-2])
            signal = json.loads(message.data)["signal"]
        except (ValueError, KeyError, TypeError):
            logger.warning("ignored a malformed control message on %s", message.subject)
            return
        if signal == "cancel" and (cancel := cancels.get(job_id)) is not None:
            cancel.set()

    return on_message


async def _release(message: Msg) -> None:
    """Give a job back to the queue now (we are stopping); another worker takes it."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(message.nak(), 1.0)


async def _cancel(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
