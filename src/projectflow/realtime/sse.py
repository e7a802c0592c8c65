"""Server-Sent Events from a stream subject: `id:` is the stream sequence, so a client that
reconnects with `Last-Event-ID` resumes right after the last event it saw — no gap, no
duplicate. Idle streams get heartbeat comments, and each heartbeat re-checks that the viewer
may still watch (and, for finite streams, whether the end was missed)."""

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi.sse import ServerSentEvent
from nats.js import JetStreamContext

from projectflow.realtime.streams import follow

# What to do at a heartbeat: None to carry on, or the events that end the stream (possibly
# none: the viewer lost access).
OnIdle = Callable[[], Awaitable[list[ServerSentEvent] | None]]


@dataclass(frozen=True)
class Source:
    js: JetStreamContext
    stream: str
    subject: str


def last_event_id(header: str | None) -> int:
    """The sequence to resume after; 0 (from the start) when absent or not ours."""
    if header is None or not header.isdigit() or len(header) > 19:
        return 0
    return int(header)


async def event_stream(
    source: Source,
    *,
    after: int,
    idle_seconds: float,
    on_idle: OnIdle,
    max_seconds: float,
    final_types: frozenset[str] = frozenset(),
    type_key: str = "type",
    keep: Callable[[dict[str, Any]], bool] = lambda _: True,
    replay: bool = True,
) -> AsyncIterator[ServerSentEvent]:
    """Events of `source.subject` after sequence `after`, named by their field `type_key`;
    the stream ends after an event whose type is in `final_types`, when `on_idle` says so,
    or after `max_seconds` (the client reconnects with `Last-Event-ID`: a connection's life is
    bounded, so that proxies, load balancers and restarts see it end cleanly). Events `keep`
    refuses are passed over. Without `after`, a stream starts with every event kept
    (`replay`) or with the next one."""
    deadline = time.monotonic() + max_seconds
    messages = follow(
        source.js,
        source.stream,
        source.subject,
        after=after,
        idle_seconds=idle_seconds,
        replay=replay,
    )
    async for message in messages:
        if time.monotonic() >= deadline:
            return
        if message is None:
            ending = await on_idle()
            if ending is not None:
                for event in ending:
                    yield event
                return
            yield ServerSentEvent(comment="heartbeat")
            continue
        fields = _fields(message.data)
        if not keep(fields):
            continue
        event_type = str(fields.get(type_key, "message"))
        yield ServerSentEvent(id=str(message.seq), event=event_type, raw_data=message.data.decode())
        if event_type in final_types:
            return


def _fields(data: bytes) -> dict[str, Any]:
    fields: Any = json.loads(data)
    return fields if isinstance(fields, dict) else {}
