"""The JetStream streams, consumers and bucket we use, created or updated at start-up.

Every process that publishes or consumes connects with `connect_with_streams`, which calls
`ensure_streams` (idempotent: a stream that exists is updated to this configuration), so no
start order between API and workers matters; and again after each reconnect, since a
memory-backed stream does not outlive a NATS restart.
"""

import logging
from dataclasses import dataclass

from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    KeyValueConfig,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)
from nats.js.errors import BadRequestError, NotFoundError

from projectflow.config import Settings
from projectflow.messaging.connection import connect_nats, disconnect_nats
from projectflow.messaging.names import Names

logger = logging.getLogger(__name__)

# A message republished within this window with the same Nats-Msg-Id is dropped by JetStream:
# the relay re-sends what it could not confirm, so this must outlast any relay retry.
DUPLICATE_WINDOW_SECONDS = 15 * 60
# Dead letters are kept for inspection for a month.
DEAD_LETTER_MAX_AGE_SECONDS = 30 * 24 * 3600
# Each live worker refreshes its entry every few seconds; a dead one's entry expires.
WORKER_ENTRY_TTL_SECONDS = 15
# Job events live in memory, bounded (the oldest go first): NATS syncs every file-backed write
# to disk, ~6,000 messages/s here at best, and 1,000 streaming AI runs fell 11 s behind it.
JOB_EVENTS_MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class QueueSettings:
    job_events_max_age_seconds: float
    board_events_max_age_seconds: float
    job_events_per_job: int = 10_000


def queue_settings(settings: Settings) -> QueueSettings:
    return QueueSettings(
        job_events_max_age_seconds=settings.job_events_max_age_seconds,
        board_events_max_age_seconds=settings.board_events_max_age_seconds,
    )


def stream_configs(names: Names, queue: QueueSettings) -> list[StreamConfig]:
    return [
        StreamConfig(
            name=names.jobs_stream,
            subjects=[names.queue_subject(">")],
            retention=RetentionPolicy.WORK_QUEUE,
            storage=StorageType.FILE,
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
        ),
        StreamConfig(
            name=names.dead_letter_stream,
            subjects=[names.dead_letter_subject(">")],
            storage=StorageType.FILE,
            max_age=DEAD_LETTER_MAX_AGE_SECONDS,
        ),
        # Notices for live viewers: the job's row and its results hold the truth.
        StreamConfig(
            name=names.job_events_stream,
            subjects=[names.job_events("*")],
            storage=StorageType.MEMORY,
            max_age=queue.job_events_max_age_seconds,
            max_msgs_per_subject=queue.job_events_per_job,
            max_bytes=JOB_EVENTS_MAX_BYTES,
        ),
        StreamConfig(
            name=names.board_events_stream,
            subjects=[names.board_events("*")],
            storage=StorageType.FILE,
            max_age=queue.board_events_max_age_seconds,
        ),
    ]


async def connect_with_streams(url: str, names: Names, queue: QueueSettings) -> NatsClient:
    """A NATS connection with our streams in place, made again after each reconnect."""
    client = await connect_nats(
        url, after_reconnect=lambda again: ensure_streams(again.jetstream(), names, queue)
    )
    try:
        await ensure_streams(client.jetstream(), names, queue)
    except BaseException:
        await disconnect_nats(client)
        raise
    return client


async def ensure_streams(js: JetStreamContext, names: Names, queue: QueueSettings) -> None:
    """Create our streams and the workers' bucket, or bring existing ones to this config."""
    for config in stream_configs(names, queue):
        assert config.name
        try:
            info = await js.stream_info(config.name)
        except NotFoundError:
            await js.add_stream(config)
            continue
        if info.config.storage == config.storage:
            await js.update_stream(config)
        elif config.name == names.job_events_stream:
            # A stream's storage cannot change in place (job events were on file before
            # 2026-12); they are notices, so they are let go.
            logger.warning("re-making %s in %s storage", config.name, config.storage)
            await js.delete_stream(config.name)
            await js.add_stream(config)
        else:
            raise RuntimeError(f"the NATS stream {config.name} has storage we do not use")
    try:
        await js.key_value(names.workers_bucket)
    except (NotFoundError, BadRequestError):
        await js.create_key_value(
            KeyValueConfig(
                bucket=names.workers_bucket,
                ttl=WORKER_ENTRY_TTL_SECONDS,
                storage=StorageType.MEMORY,
            )
        )


def consumer_config(
    names: Names, kind: str, *, ack_wait: float, max_deliver: int
) -> ConsumerConfig:
    """The durable pull consumer shared by every worker of `kind`.

    A message not acknowledged within `ack_wait` (a worker died, or stopped heartbeating) is
    delivered again; workers send `in_progress` well within it for long jobs. A failed attempt
    is negatively acknowledged with its own backoff delay (jobs/worker.py). `max_deliver` is
    one more than the job's attempts: the extra delivery records the failure of a job whose
    worker died on its last attempt, and dead-letters it.
    """
    return ConsumerConfig(
        durable_name=names.consumer(kind),
        filter_subject=names.queue_subject(kind),
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=ack_wait,
        max_deliver=max_deliver,
        # Pulled but unacknowledged messages across all workers of the kind: the jobs of the
        # kind running at once (each worker bounds its own with its slots). At NATS's default
        # of 1,000, the 1,001st AI run waited for one to end while workers had slots free.
        max_ack_pending=10_000,
    )


async def ensure_consumer(js: JetStreamContext, names: Names, config: ConsumerConfig) -> None:
    await js.add_consumer(names.jobs_stream, config)
