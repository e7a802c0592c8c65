"""`GET /metrics`: the jobs machinery in Prometheus' text format.

Figures come from where they live — the queue's state from JetStream, job counts and the
outbox backlog from PostgreSQL (through guard functions: counts only, no tenant data), and each
live worker's own figures from the workers bucket, labelled by worker.
"""

import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector, CollectorRegistry
from sqlalchemy import text

from projectflow.db.identity import unit_of_work
from projectflow.db.session import SessionmakerDep
from projectflow.jobs.backlog import Backlog, backlog, dead_letters, workers
from projectflow.jobs.stats import DURATION_BUCKETS
from projectflow.kit.errors import Unauthorized
from projectflow.state import JetStreamDep, NamesDep, SettingsDep

router = APIRouter(tags=["observability"])


@dataclass(frozen=True)
class Snapshot:
    backlog: dict[str, Backlog]
    dead_letters: dict[str, int]
    jobs: list[tuple[str, str, int]]
    outbox_backlog: int
    workers: list[dict[str, Any]]
    events_dropped: int


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
)
async def metrics(
    request: Request,
    sessionmaker: SessionmakerDep,
    js: JetStreamDep,
    names: NamesDep,
    settings: SettingsDep,
) -> Response:
    """Prometheus metrics of the queue, the jobs and the workers: counts only, no tenant data.
    With PROJECTFLOW_METRICS_TOKEN set, only for `Authorization: Bearer <that token>`."""
    _check_scraper(request, settings.metrics_token)
    kinds: list[str] = request.app.state.job_kinds
    async with unit_of_work(sessionmaker, None) as session:
        counts = (await session.execute(text("SELECT * FROM job_status_counts()"))).all()
        outbox = int(await session.scalar(text("SELECT job_outbox_backlog()")) or 0)
    snapshot = Snapshot(
        backlog=await backlog(js, names, kinds),
        dead_letters=await dead_letters(js, names),
        jobs=[(row.kind, row.status, int(row.jobs)) for row in counts],
        outbox_backlog=outbox,
        workers=await workers(js, names),
        events_dropped=request.app.state.events.dropped,
    )
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_SnapshotCollector(snapshot))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _check_scraper(request: Request, token: str | None) -> None:
    if token is None:
        return
    offered = request.headers.get("authorization", "").removeprefix("Bearer ")
    if not hmac.compare_digest(offered.encode(), token.encode()):
        raise Unauthorized("/metrics needs the scraper's bearer token.")


class _SnapshotCollector(Collector):
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[Metric]:
        yield from _queue(self.snapshot)
        yield from _jobs(self.snapshot)
        yield from _workers(self.snapshot.workers)


def _queue(snapshot: Snapshot) -> Iterable[Metric]:
    pending = GaugeMetricFamily(
        "projectflow_queue_pending", "Jobs waiting for a worker", labels=["kind"]
    )
    in_flight = GaugeMetricFamily(
        "projectflow_queue_in_flight", "Jobs delivered and not yet acknowledged", labels=["kind"]
    )
    redelivered = GaugeMetricFamily(
        "projectflow_queue_redelivered", "Jobs in flight after an earlier delivery", labels=["kind"]
    )
    for kind, figures in snapshot.backlog.items():
        pending.add_metric([kind], figures.pending)
        in_flight.add_metric([kind], figures.in_flight)
        redelivered.add_metric([kind], figures.redelivered)
    dead = GaugeMetricFamily(
        "projectflow_jobs_dead_lettered", "Jobs in the dead-letter stream", labels=["kind"]
    )
    for kind, count in snapshot.dead_letters.items():
        dead.add_metric([kind], count)
    outbox = GaugeMetricFamily(
        "projectflow_outbox_backlog", "Jobs committed but not yet handed to the queue"
    )
    outbox.add_metric([], snapshot.outbox_backlog)
    dropped = CounterMetricFamily(
        "projectflow_events_dropped", "Events this API process could not publish"
    )
    dropped.add_metric([], snapshot.events_dropped)
    return [pending, in_flight, redelivered, dead, outbox, dropped]


def _jobs(snapshot: Snapshot) -> Iterable[Metric]:
    jobs = GaugeMetricFamily(
        "projectflow_jobs", "Jobs by kind and status", labels=["kind", "status"]
    )
    for kind, status, count in snapshot.jobs:
        jobs.add_metric([kind, status], count)
    return [jobs]


def _workers(entries: list[dict[str, Any]]) -> Iterable[Metric]:
    count = GaugeMetricFamily("projectflow_workers", "Live worker processes")
    count.add_metric([], len(entries))
    slots = GaugeMetricFamily(
        "projectflow_worker_slots", "Jobs a worker runs at once", labels=["worker"]
    )
    busy = GaugeMetricFamily(
        "projectflow_worker_busy", "Jobs a worker is running", labels=["worker"]
    )
    busy_seconds = CounterMetricFamily(
        "projectflow_worker_busy_seconds",
        "Seconds of job work (utilisation: its rate over worker_slots)",
        labels=["worker"],
    )
    finished = CounterMetricFamily(
        "projectflow_jobs_finished",
        "Job deliveries handled, by outcome",
        labels=["worker", "kind", "outcome"],
    )
    redeliveries = CounterMetricFamily(
        "projectflow_job_redeliveries",
        "Deliveries of a job delivered before",
        labels=["worker", "kind"],
    )
    durations = HistogramMetricFamily(
        "projectflow_job_duration_seconds",
        "Time a delivery of a job took",
        labels=["worker", "kind"],
    )
    for entry in entries:
        worker = entry["worker_id"]
        slots.add_metric([worker], entry["concurrency"])
        busy.add_metric([worker], entry["busy"])
        busy_seconds.add_metric([worker], entry["busy_seconds"])
        for kind, figures in entry["by_kind"].items():
            for outcome, times in figures["outcomes"].items():
                finished.add_metric([worker, kind, outcome], times)
            redeliveries.add_metric([worker, kind], figures["redeliveries"])
            bounds = [*(str(bound) for bound in DURATION_BUCKETS), "+Inf"]
            durations.add_metric(
                [worker, kind],
                list(zip(bounds, figures["buckets"], strict=True)),
                figures["duration_sum"],
            )
    return [count, slots, busy, busy_seconds, finished, redeliveries, durations]
