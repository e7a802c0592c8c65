"""Where things live in NATS: stream, consumer and subject names, under an optional namespace.

Several deployments (or test runs) may share one NATS: each sets its own
`PROJECTFLOW_NATS_NAMESPACE`, and then its streams, subjects and buckets never meet another's.
Without one, the names are the documented ones (`jobs.<job_id>.events`, `boards.<id>.events`).
"""

import re
from dataclasses import dataclass
from uuid import UUID

NAMESPACE = re.compile(r"^[A-Za-z0-9_-]{0,32}$")


@dataclass(frozen=True)
class Names:
    namespace: str = ""

    def __post_init__(self) -> None:
        if not NAMESPACE.match(self.namespace):
            raise ValueError("a NATS namespace is up to 32 letters, digits, '_' or '-'")

    # -- streams and buckets --------------------------------------------------------------

    @property
    def jobs_stream(self) -> str:
        """The work queue: one message per job round, removed once a worker acknowledges it."""
        return self._stream("JOBS")

    @property
    def dead_letter_stream(self) -> str:
        """Jobs that exhausted their attempts, with their last error."""
        return self._stream("JOBS_DEAD")

    @property
    def job_events_stream(self) -> str:
        return self._stream("JOB_EVENTS")

    @property
    def board_events_stream(self) -> str:
        return self._stream("BOARD_EVENTS")

    @property
    def workers_bucket(self) -> str:
        """Key-value bucket where each live worker keeps its figures (see jobs/stats.py)."""
        return self._stream("WORKERS")

    # -- subjects -------------------------------------------------------------------------

    def queue_subject(self, kind: str) -> str:
        return self._subject(f"queue.{kind}")

    def dead_letter_subject(self, kind: str) -> str:
        return self._subject(f"deadletter.{kind}")

    def job_events(self, job_id: UUID | str) -> str:
        return self._subject(f"jobs.{job_id}.events")

    def job_control(self, job_id: UUID | str) -> str:
        """Signals to the worker running a job (not stored: its row holds the truth)."""
        return self._subject(f"jobs.{job_id}.control")

    def board_events(self, board_id: UUID | str) -> str:
        return self._subject(f"boards.{board_id}.events")

    def board_updates(self, board_id: UUID | str) -> str:
        """A board document's committed updates, as they are (not stored: the database holds
        them; see collab/fanout.py)."""
        return self._subject(f"boards.{board_id}.updates")

    def board_awareness(self, board_id: UUID | str) -> str:
        """Who is on a board document and where (y-protocols awareness; never stored)."""
        return self._subject(f"boards.{board_id}.awareness")

    def project_access(self, project_id: UUID | str) -> str:
        """Signals that someone's access to a project changed (removed, or a new role)."""
        return self._subject(f"projects.{project_id}.access")

    def consumer(self, kind: str) -> str:
        """The durable pull consumer that the workers of `kind` share."""
        return "worker-" + kind.replace(".", "_")

    def _stream(self, name: str) -> str:
        return f"{self.namespace}_{name}" if self.namespace else name

    def _subject(self, subject: str) -> str:
        return f"{self.namespace}.{subject}" if self.namespace else subject
