"""Job events out to `jobs.<job_id>.events`, from the worker, in order.

Progress, logs and partial results go out as plain NATS messages (the stream stores them like
any other, without the worker waiting for each acknowledgement: a streaming AI run sends one
per token); a final event is published to JetStream and waited for.
"""

import json
import logging
from typing import Any

from nats.aio.client import Client

from projectflow.jobs.schemas import FINAL_STATUSES
from projectflow.messaging.names import Names
from projectflow.models import Job

logger = logging.getLogger(__name__)

PUBLISH_TIMEOUT_SECONDS = 2.0


class JobEvents:
    def __init__(self, nc: Client, names: Names) -> None:
        self._nc = nc
        self._js = nc.jetstream()
        self._names = names

    async def publish(self, job: Job, event: dict[str, Any]) -> None:
        """Publish one event. The job's row is the truth and a stream that misses its final
        event ends from the row (realtime/job_stream.py), so a failure is logged, not raised:
        a NATS hiccup must not fail the work itself."""
        subject = self._names.job_events(job.id)
        data = json.dumps(event, default=str).encode()
        try:
            if event["type"] in FINAL_STATUSES:
                await self._js.publish(subject, data, timeout=PUBLISH_TIMEOUT_SECONDS)
            else:
                await self._nc.publish(subject, data)
        except Exception as error:
            logger.warning("job %s: %s event not published: %s", job.id, event["type"], error)
