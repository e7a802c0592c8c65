"""Job events out to `jobs.<job_id>.events`, from the worker (awaited, in order)."""

import json
import logging
from typing import Any

from nats.js import JetStreamContext

from projectflow.messaging.names import Names
from projectflow.models import Job

logger = logging.getLogger(__name__)

PUBLISH_TIMEOUT_SECONDS = 2.0


class JobEvents:
    def __init__(self, js: JetStreamContext, names: Names) -> None:
        self._js = js
        self._names = names

    async def publish(self, job: Job, event: dict[str, Any]) -> None:
        """Publish one event. The job's row is the truth and a stream that misses its final
        event ends from the row (realtime/job_stream.py), so a failure is logged, not raised:
        a NATS hiccup must not fail the work itself."""
        data = json.dumps(event, default=str).encode()
        try:
            await self._js.publish(
                self._names.job_events(job.id), data, timeout=PUBLISH_TIMEOUT_SECONDS
            )
        except Exception as error:
            logger.warning("job %s: %s event not published: %s", job.id, event["type"], error)
