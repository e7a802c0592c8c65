"""How far behind the queue is, per kind, from JetStream's consumer state (for /metrics and
for scaling workers in `projectflow up`)."""

from dataclasses import dataclass
from typing import Any

from nats.js import JetStreamContext
from nats.js.errors import KeyNotFoundError, NoKeysError, NotFoundError

from projectflow.jobs.stats import decode
from projectflow.messaging.names import Names


@dataclass(frozen=True)
class Backlog:
    pending: int  # waiting for a worker
    in_flight: int  # delivered, not yet acknowledged
    redelivered: int  # in flight after an earlier delivery


async def backlog(js: JetStreamContext, names: Names, kinds: list[str]) -> dict[str, Backlog]:
    """Per kind; a kind no worker has consumed yet counts its messages in the stream."""
    figures: dict[str, Backlog] = {}
    for kind in kinds:
        try:
            info = await js.consumer_info(names.jobs_stream, names.consumer(kind))
        except NotFoundError:
            waiting = await _stored(js, names.jobs_stream, names.queue_subject(kind))
            figures[kind] = Backlog(waiting, 0, 0)
            continue
        figures[kind] = Backlog(
            info.num_pending or 0, info.num_ack_pending or 0, info.num_redelivered or 0
        )
    return figures


async def dead_letters(js: JetStreamContext, names: Names) -> dict[str, int]:
    """Dead-lettered jobs kept, per kind."""
    prefix = names.dead_letter_subject("")
    info = await js.stream_info(
        names.dead_letter_stream, subjects_filter=names.dead_letter_subject(">")
    )
    subjects: dict[str, int] = info.state.subjects or {}
    return {subject.removeprefix(prefix): count for subject, count in subjects.items()}


async def workers(js: JetStreamContext, names: Names) -> list[dict[str, Any]]:
    """The figures of every live worker (see jobs/stats.py)."""
    bucket = await js.key_value(names.workers_bucket)
    try:
        keys = await bucket.keys()
    except NoKeysError:  # no worker has reported yet
        return []
    entries = []
    for key in keys:
        try:
            entry = await bucket.get(key)
        except KeyNotFoundError:  # its worker's entry expired meanwhile
            continue
        if entry.value:
            entries.append(decode(entry.value))
    return entries


async def _stored(js: JetStreamContext, stream: str, subject: str) -> int:
    info = await js.stream_info(stream, subjects_filter=subject)
    subjects: dict[str, int] = info.state.subjects or {}
    return sum(subjects.values())
