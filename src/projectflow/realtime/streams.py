"""Read one subject of a JetStream stream from a sequence on, live: the source of every SSE
stream. An ordered consumer per reader (ephemeral, flow-controlled, recreated by the client
library after a reconnect) delivers each message once, in order, from where the reader was."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, DeliverPolicy


@dataclass(frozen=True)
class StreamMessage:
    seq: int  # the stream's sequence number: an SSE id to resume after
    data: bytes


async def follow(
    js: JetStreamContext,
    stream: str,
    subject: str,
    *,
    after: int,
    idle_seconds: float,
    replay: bool = True,
) -> AsyncIterator[StreamMessage | None]:
    """Messages on `subject` with a sequence above `after` — or, with no `after`, all those
    kept (`replay`) or only new ones — as they come; None after every `idle_seconds` without
    one (time for a heartbeat)."""
    if after > 0:
        config = ConsumerConfig(
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=after + 1
        )
    else:
        config = ConsumerConfig(deliver_policy=DeliverPolicy.ALL if replay else DeliverPolicy.NEW)
    subscription = await js.subscribe(subject, stream=stream, ordered_consumer=True, config=config)
    try:
        while True:
            try:
                message = await subscription.next_msg(timeout=idle_seconds)
            except (TimeoutError, NatsTimeoutError):
                yield None
                continue
            yield StreamMessage(message.metadata.sequence.stream, message.data)
    finally:
        await subscription.unsubscribe()
