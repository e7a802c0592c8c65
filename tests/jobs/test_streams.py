"""The JetStream streams as `ensure_streams` leaves them."""

import nats
from nats.js.api import StorageType, StreamConfig

from projectflow.config import Settings
from projectflow.messaging.names import Names
from projectflow.messaging.streams import ensure_streams, queue_settings


async def test_job_events_kept_on_file_by_an_older_version_move_to_memory(
    settings: Settings,
) -> None:
    names = Names(settings.nats_namespace)
    client = await nats.connect(str(settings.nats_url))
    try:
        js = client.jetstream()
        older = StreamConfig(
            name=names.job_events_stream,
            subjects=[names.job_events("*")],
            storage=StorageType.FILE,
        )
        await js.add_stream(older)
        await js.publish(names.job_events("old"), b"{}")
        await ensure_streams(js, names, queue_settings(settings))
        events = await js.stream_info(names.job_events_stream)
        queue = await js.stream_info(names.jobs_stream)
        # Made again: the events it held were notices.
        assert (events.config.storage, events.state.messages) == (StorageType.MEMORY, 0)
        assert queue.config.storage == StorageType.FILE
        # And a second start leaves it as it is.
        await js.publish(names.job_events("new"), b"{}")
        await ensure_streams(js, names, queue_settings(settings))
        assert (await js.stream_info(names.job_events_stream)).state.messages == 1
    finally:
        await client.close()
