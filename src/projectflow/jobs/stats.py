"""What a worker tells the rest of the deployment about itself, every few seconds.

Each live worker keeps one entry in the `WORKERS` key-value bucket (memory, short TTL: a dead
worker's entry expires). The API's /metrics reads them all (observability/metrics.py); figures
are cumulative since the worker started, labelled by worker, as Prometheus expects of a target.
"""

import json
import os
import time
from dataclasses import asdict, dataclass, field
from typing import Any

# Job duration histogram buckets, in seconds.
DURATION_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0)


@dataclass
class KindFigures:
    outcomes: dict[str, int] = field(default_factory=dict)
    # Deliveries of a message that had been delivered before.
    redeliveries: int = 0
    # Cumulative counts per bucket of DURATION_BUCKETS, then +Inf.
    buckets: list[int] = field(default_factory=lambda: [0] * (len(DURATION_BUCKETS) + 1))
    duration_sum: float = 0.0


@dataclass
class WorkerStats:
    worker_id: str
    concurrency: int
    kinds: list[str]
    pid: int = field(default_factory=os.getpid)
    started_at: float = field(default_factory=time.time)
    busy: int = 0
    busy_seconds: float = 0.0
    by_kind: dict[str, KindFigures] = field(default_factory=dict)

    def finished(self, kind: str, outcome: str, seconds: float, *, redelivered: bool) -> None:
        figures = self.by_kind.setdefault(kind, KindFigures())
        figures.redeliveries += redelivered
        figures.outcomes[outcome] = figures.outcomes.get(outcome, 0) + 1
        for index, bound in enumerate((*DURATION_BUCKETS, float("inf"))):
            if seconds <= bound:
                figures.buckets[index] += 1
        figures.duration_sum += seconds
        self.busy_seconds += seconds

    def encode(self) -> bytes:
        return json.dumps(asdict(self)).encode()


def decode(data: bytes) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(data)
    return figures
