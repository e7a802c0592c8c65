"""Connect to NATS once per process, in the lifespan."""

import contextlib
import logging
from collections.abc import Awaitable, Callable

import nats
from nats.aio.client import Client as NatsClient

logger = logging.getLogger(__name__)


async def connect_nats(
    url: str, *, after_reconnect: Callable[[NatsClient], Awaitable[None]] | None = None
) -> NatsClient:
    """Connect, then keep reconnecting forever: a NATS restart must not take the API down.
    `after_reconnect` runs after each reconnect (a failure is logged)."""
    client: NatsClient | None = None

    async def on_disconnect() -> None:
        logger.info("NATS disconnected")

    async def on_reconnect() -> None:
        logger.info("NATS connection re-established")
        if after_reconnect is None or client is None:
            return
        # Called connected; an exception here would count as a failed reconnect.
        try:
            await after_reconnect(client)
        except Exception as error:
            logger.warning("after reconnecting to NATS: %s", error)

    async def on_error(error: Exception) -> None:
        logger.warning("NATS error: %s", error)

    try:
        client = await nats.connect(
            url,
            name="projectflow",
            connect_timeout=5,
            max_reconnect_attempts=-1,
            reconnect_time_wait=1,
            disconnected_cb=on_disconnect,
            reconnected_cb=on_reconnect,
            error_cb=on_error,
        )
    except Exception as error:
        raise RuntimeError(f"cannot reach NATS at {_without_credentials(url)}: {error}") from error
    return client


def _without_credentials(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"


FLUSH_SECONDS = 2


async def disconnect_nats(client: NatsClient) -> None:
    """Send what is buffered (when NATS is there to take it), then close.

    Not a drain: by the time a process closes, whatever it consumed is acknowledged or handed
    back, and draining would wait on subscriptions' own pending requests (a worker's pulls).
    """
    if client.is_connected:
        with contextlib.suppress(Exception):
            await client.flush(timeout=FLUSH_SECONDS)
    await client.close()
