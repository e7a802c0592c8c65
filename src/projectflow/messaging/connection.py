"""Connect to NATS once per process, in the lifespan."""

import logging

import nats
from nats.aio.client import Client as NatsClient

logger = logging.getLogger(__name__)


async def connect_nats(url: str) -> NatsClient:
    """Connect, then keep reconnecting forever: a NATS restart must not take the API down."""

    async def on_disconnect() -> None:
        logger.info("NATS disconnected")

    async def on_reconnect() -> None:
        logger.info("NATS connection re-established")

    async def on_error(error: Exception) -> None:
        logger.warning("NATS error: %s", error)

    try:
        return await nats.connect(
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


def _without_credentials(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"


async def disconnect_nats(client: NatsClient) -> None:
    """Drain when connected (deliver what is in flight); just close when NATS is away."""
    if client.is_connected:
        await client.drain()
    else:
        await client.close()
