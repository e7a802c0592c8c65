"""Jobs and realtime under load: the queue, the workers and the Server-Sent Events of a real
`projectflow up` (embedded PostgreSQL and NATS, 2 worker processes).

First deployment, workers with 150 slots each (a few hundred jobs run at once):

1. AC-MQ1: reads of a small board at a steady 300 req/s, with no jobs and then with 1,000
   jobs in flight (queued or running), every running one publishing progress twice a second.

Second deployment, the workers' default concurrency:

2. enqueue at a steady 500 req/s (hey -m POST on the board export); then every accepted job
   must be in PostgreSQL and have run once, and the backlog's drain is timed;
3. a burst of 1,000 enqueues at once (hey -n 1000 -c 1000);
4. AC-MQ3: worker publish → SSE receipt, with 1 and with 100 clients following one job;
5. jobs per second with 2 workers, from the first enqueue to the last job's end.

The long-running jobs are `test.make_board` (tests/support/job_kinds.py: it sleeps in steps,
publishing progress at each, then creates a board): I/O-bound work with progress, as an AI call
is. The enqueue figures use the real `board.export` kind (read a board, render it in the
worker, store the file).

The load generators (hey, and this script's SSE clients and job inserts) share the 2 cores with
the API, PostgreSQL, NATS and the workers: the figures are a floor, not a ceiling.

    .venv/bin/python bench/jobs.py [--seconds 10] [--concurrency 150]
"""

import sys
from pathlib import Path

# Run as a script (`python bench/jobs.py`): find `bench` in the repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import asyncio
import gc
import json
import math
import os
import re
import shutil
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import FrameType
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.support import (
    CpuShares,
    HeyFigures,
    body_blocks,
    percentile,
    read_headers,
    run_hey,
    running_projectflow,
    sign_up,
)
from projectflow.authz.permissions import Permission
from projectflow.authz.service import project_access
from projectflow.db.engine import create_engine, create_sessionmaker
from projectflow.db.identity import unit_of_work
from projectflow.jobs import service

# On the workers' PYTHONPATH: they import `tests.support.job_kinds`.
ROOT = Path(__file__).resolve().parents[1]
WORKERS = 2
READ_CLIENTS, READ_RATE = 10, 30  # hey -c and -q: 300 requests/s
# 500 requests/s from hey processes of one connection each: each has 100 ms for an answer.
ENQUEUE_PROCESSES, ENQUEUE_RATE = 50, 10
IN_FLIGHT = 1_000
PROGRESS_PER_SECOND = 2  # of every running job in the reads figure
BURST = 1_000
THROUGHPUT_JOBS = 2_000
SSE_CLIENTS = (1, 100)
SSE_EVENTS_PER_SECOND = 20
MAKE_BOARD = "test.make_board"
EXPORT = "board.export"
INSERT_BATCH = 100
SETTLE_SECONDS = 180.0
CANCEL_SETTLE_SECONDS = 60.0
SHARED = "shares the 2 cores with API, PostgreSQL, NATS and workers"
TARGET_READS = "seed p95 < 200; ours p95 < 25, p99 < 50"

_COUNTS = text(
    "SELECT status, count(*) AS jobs, max(attempts) AS max_attempts, "
    "count(*) FILTER (WHERE status = 'succeeded' AND attempts <> 1) AS not_once, "
    "min(created_at) AS first_created, max(finished_at) AS last_finished "
    "FROM jobs WHERE project_id = :project AND kind = :kind GROUP BY status"
)
_CONNECTIONS = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
_STARTED = time.monotonic()


def progress(message: str) -> None:
    """Where the run is, on stderr (the figures go to stdout)."""
    print(f"[{time.monotonic() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


def bench_env(concurrency: int | None) -> dict[str, str]:
    """`projectflow up` with exactly 2 workers, `concurrency` jobs each (None: the default),
    and the test job kinds."""
    python_path = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {
        "PYTHONPATH": os.pathsep.join(python_path),
        "PROJECTFLOW_JOB_MODULES": json.dumps(["tests.support.job_kinds"]),
        "PROJECTFLOW_WORKERS_MIN": str(WORKERS),
        "PROJECTFLOW_WORKERS_MAX": str(WORKERS),
        # Jobs still running when the benchmark ends are not worth waiting for.
        "PROJECTFLOW_WORKER_GRACE_SECONDS": "1",
    }
    if concurrency is not None:
        env["PROJECTFLOW_WORKER_CONCURRENCY"] = str(concurrency)
    return env


# -- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """What a load generator saw: latency percentiles (seconds), responses by status, the rate
    it achieved, its wall time, and requests that got no answer (when it can tell)."""

    latency: tuple[float, float, float]
    statuses: dict[int, int]
    rate: float
    wall: float
    errors: str = ""

    @classmethod
    def of_hey(cls, figures: HeyFigures) -> "Answered":
        latency = (figures.p50, figures.p95, figures.p99)
        errors = f"{figures.failed} without an answer" if figures.failed else ""
        rate, wall = figures.requests_per_second, figures.total_seconds
        return cls(latency, figures.statuses, rate, wall, errors)

    def count(self, status: int) -> int:
        return self.statuses.get(status, 0)

    def outcome(self) -> str:
        """`202: 5000; 498 req/s` (and the errors, if any), for a table cell."""
        parts = [f"{status}: {count}" for status, count in sorted(self.statuses.items())]
        return ", ".join([*parts, *filter(None, [self.errors])]) + f"; {self.rate:.0f} req/s"


@dataclass(frozen=True)
class Row:
    figure: str
    load: str
    result: str
    target: str
    latency: tuple[float, float, float] | None = None  # p50, p95, p99 in seconds

    def markdown(self) -> str:
        cells = [f"{value * 1e3:.1f}" for value in self.latency] if self.latency else ["-"] * 3
        return (
            f"| {self.figure} | {self.load} | {' | '.join(cells)} | {self.result} | {self.target} |"
        )


def latency_of(samples: list[float]) -> tuple[float, float, float]:
    p50, p95, p99 = (percentile(samples, fraction) for fraction in (0.5, 0.95, 0.99))
    return p50, p95, p99


def print_table(heading: str, rows: Iterable[Row], notes: Iterable[str]) -> None:
    print(f"\n{heading}\n")
    print("| figure | load | p50 ms | p95 ms | p99 ms | result | target |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(row.markdown())
    print()
    for note in notes:
        print(f"- {note}")


# -- load: hey as it is, and hey processes whose requests interleave ---------------------------

Send = Callable[[str], Awaitable[Answered]]  # load on a URL


def hey_load(*options: str) -> Send:
    async def send(url: str) -> Answered:
        return Answered.of_hey(await run_hey(url, *options))

    return send


def evenly_spaced(processes: int, rate: int, seconds: int, *options: str) -> Send:
    """`processes` one-connection hey processes at `rate` req/s each, started 1/(total rate)
    apart: their requests interleave, where hey's own `-c` workers tick together and send
    their requests all at once. Each waits for an answer before its next request (hey -q is
    closed-loop), so `processes` must leave each a latency budget (1/`rate`)."""

    async def one(url: str) -> str:
        argv = ["hey", "-c", "1", "-q", str(rate), "-z", f"{seconds}s", "-o", "csv"]
        process = await asyncio.create_subprocess_exec(
            *argv, *options, url, stdout=asyncio.subprocess.PIPE
        )
        output, _ = await process.communicate()
        return output.decode()

    async def send(url: str) -> Answered:
        runs = []
        for _ in range(processes):
            runs.append(asyncio.create_task(one(url)))
            await asyncio.sleep(1 / (processes * rate))
        samples: list[float] = []
        statuses: dict[int, int] = {}
        for output in await asyncio.gather(*runs):
            for line in output.splitlines()[1:]:  # response-time, ..., status-code, offset
                cells = line.split(",")
                samples.append(float(cells[0]))
                statuses[int(cells[6])] = statuses.get(int(cells[6]), 0) + 1
        return Answered(latency_of(samples), statuses, len(samples) / seconds, seconds)

    return send


# -- the deployment: an account, projects, and jobs straight in PostgreSQL --------------------


@dataclass(frozen=True)
class Tenant:
    headers: dict[str, str]
    user_id: UUID

    @property
    def hey_auth(self) -> list[str]:
        return ["-H", f"Authorization: {self.headers['Authorization']}"]


@dataclass(frozen=True)
class JobCounts:
    by_status: dict[str, int]
    not_once: int  # succeeded jobs that did not run exactly once
    max_attempts: int
    first_created: datetime | None
    last_finished: datetime | None

    def __getitem__(self, status: str) -> int:
        return self.by_status.get(status, 0)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def active(self) -> int:
        return self["queued"] + self["running"]


class JobStore:
    """Creates and counts jobs in PostgreSQL as the account's user (application role, RLS), the
    way the API does: the test kinds have no HTTP route."""

    def __init__(self, database_url: str) -> None:
        self._engine = create_engine(database_url, pool_size=2)
        self._sessionmaker: async_sessionmaker[AsyncSession] = create_sessionmaker(self._engine)

    async def close(self) -> None:
        await self._engine.dispose()

    async def enqueue(
        self, tenant: Tenant, project: UUID, kind: str, params: list[dict[str, Any]]
    ) -> list[UUID]:
        """Jobs with these parameters, `INSERT_BATCH` per transaction (the relay takes each
        batch to JetStream as it commits)."""
        ids: list[UUID] = []
        for start in range(0, len(params), INSERT_BATCH):
            async with unit_of_work(self._sessionmaker, tenant.user_id) as session:
                access = await project_access(
                    session, tenant.user_id, project, Permission.PROJECT_READ
                )
                for job_params in params[start : start + INSERT_BATCH]:
                    job = await service.enqueue(session, access, kind, job_params)
                    ids.append(job.id)
        return ids

    async def counts(self, tenant: Tenant, project: UUID, kind: str) -> JobCounts:
        async with unit_of_work(self._sessionmaker, tenant.user_id) as session:
            rows = (await session.execute(_COUNTS, {"project": project, "kind": kind})).all()
        created = [row.first_created for row in rows if row.first_created]
        finished = [row.last_finished for row in rows if row.last_finished]
        return JobCounts(
            by_status={row.status: int(row.jobs) for row in rows},
            not_once=sum(int(row.not_once) for row in rows),
            max_attempts=max((int(row.max_attempts) for row in rows), default=0),
            first_created=min(created, default=None),
            last_finished=max(finished, default=None),
        )

    async def settled(
        self, tenant: Tenant, project: UUID, kind: str, expected: int, within: float
    ) -> JobCounts:
        """The counts once `expected` jobs exist and none is queued or running (or after
        `within` seconds, as they are then)."""
        deadline = time.monotonic() + within
        while True:
            counts = await self.counts(tenant, project, kind)
            if (counts.total >= expected and not counts.active) or time.monotonic() > deadline:
                return counts
            await asyncio.sleep(0.25)

    async def connections(self) -> int:
        """Connections open to the database, from every process."""
        async with unit_of_work(self._sessionmaker, None) as session:
            return int(await session.scalar(_CONNECTIONS) or 0)


@dataclass(frozen=True)
class Deployment:
    """A running `projectflow up` (its runtime.json), its workers' slots, the load's length."""

    runtime: dict[str, Any]
    concurrency: int
    seconds: int


@dataclass
class Bench:
    runtime: dict[str, Any]
    concurrency: int
    seconds: int
    client: httpx.AsyncClient
    store: JobStore
    tenant: Tenant
    notes: list[str] = field(default_factory=list)

    @property
    def api(self) -> str:
        return str(self.runtime["api_url"])

    async def project(self, name: str, cards: int) -> tuple[UUID, UUID]:
        """A new project with one board of `cards` cards: (project id, board id)."""
        headers = self.tenant.headers
        response = await self.client.post("/api/projects", json={"name": name}, headers=headers)
        project = response.raise_for_status().json()["id"]
        response = await self.client.post(
            f"/api/projects/{project}/boards", json={"name": name}, headers=headers
        )
        board = response.raise_for_status().json()
        for index in range(cards):
            card = {"column_id": board["columns"][index % 3]["id"], "title": f"Card {index}"}
            response = await self.client.post(
                f"/api/boards/{board['id']}/cards", json=card, headers=headers
            )
            response.raise_for_status()
        return UUID(project), UUID(board["id"])

    async def settled(self, project: UUID, kind: str, expected: int, within: float) -> JobCounts:
        return await self.store.settled(self.tenant, project, kind, expected, within)


@asynccontextmanager
async def bench_on(deployment: Deployment) -> AsyncIterator[Bench]:
    """An account on the running deployment, once its workers are up."""
    runtime = deployment.runtime
    api = runtime["api_url"]
    store = JobStore(runtime["database_url"])
    try:
        async with httpx.AsyncClient(base_url=api, timeout=60) as client:
            await wait_for_workers(client, WORKERS)
            progress(f"{WORKERS} workers ready")
            with httpx.Client(base_url=api, timeout=30) as sync_client:
                headers = sign_up(sync_client)
            me = (await client.get("/api/me", headers=headers)).raise_for_status().json()
            tenant = Tenant(headers, UUID(me["id"]))
            # This process's own full collections would pause its SSE clients and samplers.
            gc.collect()
            gc.freeze()
            yield Bench(runtime, deployment.concurrency, deployment.seconds, client, store, tenant)
    finally:
        await store.close()


async def wait_for_workers(client: httpx.AsyncClient, count: int, within: float = 60) -> None:
    """Until /metrics counts `count` live workers (each reports itself every 2 s)."""
    deadline = time.monotonic() + within
    while True:
        metrics = (await client.get("/metrics")).text
        found = re.search(r"^projectflow_workers ([\d.]+)$", metrics, re.MULTILINE)
        if found and float(found.group(1)) >= count:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{count} workers did not report within {within:.0f} s")
        await asyncio.sleep(0.5)


# -- 1. reads while 1,000 jobs are in flight ---------------------------------------------------


@dataclass(frozen=True)
class Sample:
    queued: int
    running: int
    connections: int


@dataclass(frozen=True)
class Reads:
    """One way of reading at 300 req/s: hey's own, or hey processes whose requests interleave."""

    label: str
    load: str
    send: Send


def read_loads(seconds: int, auth: Sequence[str], shared: str = SHARED) -> list[Reads]:
    """The two ways of reading at 300 req/s for `seconds`; `shared`: what hey shares the cores
    with, for the table."""
    rate = READ_CLIENTS * READ_RATE
    return [
        Reads(
            "",
            f"hey -c {READ_CLIENTS} -q {READ_RATE} -z {seconds}s: {READ_CLIENTS} requests at "
            f"once every {1000 // READ_RATE} ms (hey {shared})",
            hey_load("-c", str(READ_CLIENTS), "-q", str(READ_RATE), "-z", f"{seconds}s", *auth),
        ),
        Reads(
            ", evenly spaced",
            f"{READ_CLIENTS} hey -c 1 -q {READ_RATE} -z {seconds}s started "
            f"{1000 / rate:.1f} ms apart (hey {shared})",
            evenly_spaced(READ_CLIENTS, READ_RATE, seconds, *auth),
        ),
    ]


async def reads_in_flight(bench: Bench) -> list[Row]:
    _, board = await bench.project("Reads", cards=10)
    url = f"{bench.api}/api/boards/{board}"
    await run_hey(url, "-n", "200", "-c", "2", *bench.tenant.hey_auth)  # warm up
    loads = read_loads(bench.seconds, bench.tenant.hey_auth)
    rows = []
    for reads in loads:
        shares = CpuShares(bench.runtime)
        answered = await reads.send(url)
        label = f"board read, no jobs{reads.label}"
        bench.notes.append(f"{label}: cores used: {CpuShares.describe(shares.cores(), '')}.")
        rows.append(Row(label, reads.load, answered.outcome(), TARGET_READS, answered.latency))
        progress(f"{label}: p95 {answered.latency[1] * 1e3:.1f} ms")
    project, _ = await bench.project("In flight", cards=0)
    job_ids = await _start_in_flight(bench, project, len(loads))
    for reads in loads:
        rows.append(await _reads_during_jobs(bench, project, url, reads))
    await _cancel_all(bench, project, job_ids)
    return rows


async def _start_in_flight(bench: Bench, project: UUID, windows: int) -> list[UUID]:
    """IN_FLIGHT jobs that outlast `windows` read windows, once the workers run all they can."""
    job_seconds = (windows + 1) * bench.seconds
    params = [
        {
            "name": f"Made {index}",
            "seconds": job_seconds,
            "steps": job_seconds * PROGRESS_PER_SECOND,
        }
        for index in range(IN_FLIGHT)
    ]
    job_ids = await bench.store.enqueue(bench.tenant, project, MAKE_BOARD, params)
    progress(f"{IN_FLIGHT} jobs queued")
    slots = WORKERS * bench.concurrency
    await _until_running(bench, project, min(IN_FLIGHT, slots))
    bench.notes.append(
        f"Jobs in flight: {IN_FLIGHT:,} {MAKE_BOARD} jobs of {job_seconds} s with progress "
        f"{PROGRESS_PER_SECOND} times a second ({WORKERS} workers of {bench.concurrency} slots)."
    )
    return job_ids


async def _until_running(bench: Bench, project: UUID, running: int, within: float = 20) -> None:
    """Until `running` jobs run (the workers fetch them one at a time), or `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        now_running = (await bench.store.counts(bench.tenant, project, MAKE_BOARD))["running"]
        if now_running >= running:
            progress(f"{now_running} jobs running")
            return
        if time.monotonic() > deadline:
            bench.notes.append(f"Only {now_running} of {running} jobs ran after {within} s.")
            return
        await asyncio.sleep(0.25)


async def _reads_during_jobs(bench: Bench, project: UUID, url: str, reads: Reads) -> Row:
    async def sample() -> Sample:
        counts = await bench.store.counts(bench.tenant, project, MAKE_BOARD)
        return Sample(counts["queued"], counts["running"], await bench.store.connections())

    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_while(stop, sample))
    shares = CpuShares(bench.runtime)
    try:
        answered = await reads.send(url)
    finally:
        stop.set()
    cores = shares.cores()
    window = await sampler
    label = f"board read, {IN_FLIGHT:,} jobs in flight{reads.label}"
    progress(f"{label}: p95 {answered.latency[1] * 1e3:.1f} ms")
    queued, running = _spread(s.queued for s in window), _spread(s.running for s in window)
    bench.notes.append(
        f"{label}: {running} jobs running, {queued} queued (sampled every second); "
        f"PostgreSQL connections up to {max(s.connections for s in window)} (max_connections "
        f"200); cores used: {CpuShares.describe(cores, '')}."
    )
    load = f"{reads.load}; {running} jobs running, {queued} queued"
    return Row(f"{label} (AC-MQ1)", load, answered.outcome(), TARGET_READS, answered.latency)


def _spread(values: Iterable[int]) -> str:
    ordered = sorted(values)
    return f"{ordered[0]}" if ordered[0] == ordered[-1] else f"{ordered[0]} to {ordered[-1]}"


async def sample_while(
    stop: asyncio.Event, read: Callable[[], Awaitable[Sample]], every: float = 1.0
) -> list[Sample]:
    samples = []
    while not stop.is_set():
        samples.append(await read())
        try:
            await asyncio.wait_for(stop.wait(), every)
        except TimeoutError:
            continue
    return samples


async def _cancel_all(bench: Bench, project: UUID, job_ids: list[UUID]) -> None:
    """Cancel the jobs through the API (queued ones at once, running ones at their next
    progress) rather than wait for them; note any that does not end."""
    slots = asyncio.Semaphore(10)

    async def cancel(job_id: UUID) -> None:
        async with slots:
            await bench.client.post(f"/api/jobs/{job_id}/cancel", headers=bench.tenant.headers)

    await asyncio.gather(*(cancel(job_id) for job_id in job_ids))
    counts = await bench.settled(project, MAKE_BOARD, len(job_ids), CANCEL_SETTLE_SECONDS)
    progress(f"jobs after cancelling: {counts.by_status}")
    if counts.active:
        bench.notes.append(
            f"**{counts.active} cancelled jobs had not ended {CANCEL_SETTLE_SECONDS:.0f} s after "
            f"the cancel** ({counts.by_status})."
        )


# -- 2, 3 and 5. enqueues: steady, in a burst, and as fast as the workers go --------------------


def checked(accepted: int, counts: JobCounts) -> str:
    """Every accepted job in PostgreSQL, succeeded, run once — or what differs."""
    if counts.total == accepted == counts["succeeded"] and not counts.not_once:
        return f"all {accepted:,} in PostgreSQL, succeeded, attempts = 1"
    statuses = ", ".join(f"{status} {count}" for status, count in sorted(counts.by_status.items()))
    return (
        f"**{accepted:,} accepted, {counts.total:,} in PostgreSQL ({statuses}); "
        f"{counts.not_once} ran more than once (max attempts {counts.max_attempts})**"
    )


@dataclass(frozen=True)
class Enqueued:
    answered: Answered
    counts: JobCounts  # once every job ended
    ended: datetime  # when the load ended
    backlog: int  # jobs queued or running then
    cores: dict[str, float]  # while the load ran

    @property
    def checked(self) -> str:
        return checked(self.answered.count(202), self.counts)


async def export_jobs(bench: Bench, name: str, send: Send) -> Enqueued:
    """Queue exports of a 5-card board (`POST /api/boards/{id}/export`) with `send`; wait
    until every accepted job has ended."""
    project, board = await bench.project(name, cards=5)
    url = f"{bench.api}/api/boards/{board}/export?format=json"
    shares = CpuShares(bench.runtime)
    answered = await send(url)
    cores, ended = shares.cores(), datetime.now(UTC)
    backlog = (await bench.store.counts(bench.tenant, project, EXPORT)).active
    progress(f"{name}: {answered.outcome()}; {backlog} jobs queued or running")
    counts = await bench.settled(project, EXPORT, answered.count(202), SETTLE_SECONDS)
    progress(f"{name}: {counts.by_status}")
    return Enqueued(answered, counts, ended, backlog, cores)


def posts(bench: Bench, *options: str) -> list[str]:
    return ["-m", "POST", *options, *bench.tenant.hey_auth]


async def steady_enqueue(bench: Bench) -> Row:
    rate = ENQUEUE_PROCESSES * ENQUEUE_RATE
    send = evenly_spaced(ENQUEUE_PROCESSES, ENQUEUE_RATE, bench.seconds, *posts(bench))
    done = await export_jobs(bench, "Steady", send)
    last = done.counts.last_finished
    drained = (last - done.ended).total_seconds() if last else math.nan
    bench.notes.append(
        f"Enqueue at {rate}/s: {done.backlog:,} jobs queued or running when the load ended; "
        f"cores used meanwhile: {CpuShares.describe(done.cores, '')}."
    )
    return Row(
        f"enqueue at {rate}/s (`POST /api/boards/{{id}}/export`)",
        f"{ENQUEUE_PROCESSES} hey -m POST -c 1 -q {ENQUEUE_RATE} -z {bench.seconds}s started "
        f"{1000 / rate:.0f} ms apart; the workers run the jobs meanwhile (hey {SHARED})",
        f"{done.answered.outcome()}; {done.checked}; **backlog drained {drained:.1f} s after "
        f"the last enqueue**",
        "p95 < 200 (AC-MQ1); none lost, each run once (AC-MQ2)",
        done.answered.latency,
    )


async def burst_enqueue(bench: Bench) -> Row:
    send = hey_load(*posts(bench, "-n", str(BURST), "-c", str(BURST)))
    done = await export_jobs(bench, "Burst", send)
    bench.notes.append(
        f"Burst: cores used while it lasted: {CpuShares.describe(done.cores, '')}; "
        f"{done.backlog:,} jobs queued or running at its end."
    )
    return Row(
        f"burst of {BURST:,} enqueues at once",
        f"hey -m POST -n {BURST} -c {BURST} (hey {SHARED})",
        f"{done.answered.outcome()}; **wall {done.answered.wall:.2f} s**; {done.checked}",
        "zero errors; wall ≥ ~0.55 s (~1.4 ms CPU per enqueue on 2 cores)",
        done.answered.latency,
    )


async def throughput(bench: Bench) -> Row:
    shares = CpuShares(bench.runtime)
    send = hey_load(*posts(bench, "-n", str(THROUGHPUT_JOBS), "-c", "20"))
    done = await export_jobs(bench, "Throughput", send)
    used, cores, counts = shares.used(), shares.cores(), done.counts
    span = math.nan
    if counts.first_created and counts.last_finished:
        span = (counts.last_finished - counts.first_created).total_seconds()
    bench.notes.append(
        f"Throughput: cores used: {CpuShares.describe(cores, '')}; CPU per export job, its "
        f"enqueue over HTTP included: "
        f"{CpuShares.describe(used, ' ms', 1000 / max(1, counts['succeeded']))}."
    )
    return Row(
        f"jobs/s, {WORKERS} workers of {bench.concurrency} slots",
        f"{THROUGHPUT_JOBS:,} exports of a 5-card board queued by hey -m POST -n "
        f"{THROUGHPUT_JOBS} -c 20 (queued in {done.answered.wall:.1f} s while the workers "
        f"ran; hey {SHARED})",
        f"**{counts['succeeded'] / span:.0f} jobs/s** ({span:.1f} s from the first enqueue to "
        f"the last job's end); {done.checked}",
        "",
    )


# -- 4. worker publish → SSE receipt -------------------------------------------------------------


@dataclass
class EventStream:
    """One SSE connection's events: when each was published (`at`) and received."""

    connected: float = math.nan
    events: list[tuple[float, float]] = field(default_factory=list)
    _buffer: str = ""
    _data: str = ""

    def feed(self, block: bytes, received: float) -> None:
        self._buffer += block.decode()
        *lines, self._buffer = self._buffer.split("\n")
        for line in (line.rstrip("\r") for line in lines):
            if line.startswith("data:"):
                self._data += line[5:].removeprefix(" ")
            elif not line and self._data:
                published = datetime.fromisoformat(json.loads(self._data)["at"]).timestamp()
                self.events.append((published, received))
                self._data = ""


async def follow_events(api: str, path: str, authorization: str) -> EventStream:
    """GET `path` as Server-Sent Events over a raw HTTP/1.1 connection, until the stream ends."""
    address = urlsplit(api)
    host, port = address.hostname or "127.0.0.1", address.port or 80
    reader, writer = await asyncio.open_connection(host, port)
    stream = EventStream()
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: {authorization}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"SSE answered {status.decode().strip()}")
        chunked = await read_headers(reader)
        stream.connected = time.time()
        async for block in body_blocks(reader, chunked=chunked):
            stream.feed(block, time.time())
    finally:
        writer.close()
        await writer.wait_closed()
    return stream


async def sse_latency(bench: Bench, clients: int) -> Row:
    project, _ = await bench.project(f"Watched by {clients}", cards=0)
    job_seconds = 2 * bench.seconds
    steps = SSE_EVENTS_PER_SECOND * job_seconds
    params = {"name": "Watched", "seconds": job_seconds, "steps": steps}
    [job_id] = await bench.store.enqueue(bench.tenant, project, MAKE_BOARD, [params])
    authorization = bench.tenant.headers["Authorization"]
    path = f"/api/jobs/{job_id}/events"
    shares = CpuShares(bench.runtime)
    streams = await asyncio.gather(
        *(follow_events(bench.api, path, authorization) for _ in range(clients))
    )
    used, cores = shares.used(), shares.cores()
    progress(f"{clients} SSE streams ended")
    delivered = sum(len(stream.events) for stream in streams)
    bench.notes.append(
        f"SSE, {clients} client{'s' if clients > 1 else ''}: cores used: "
        f"{CpuShares.describe(cores, '')}; the API's CPU per event delivered to a client: "
        f"{used['API'] / delivered * 1000:.2f} ms."
    )
    # Events published before the last client was connected reach it as replays: not counted.
    since = max(stream.connected for stream in streams) + 0.25
    latencies = [got - sent for stream in streams for sent, got in stream.events if sent >= since]
    if not latencies:
        raise RuntimeError("no SSE events were received after every client connected")
    return Row(
        f"worker publish → SSE receipt, {clients} client{'s' if clients > 1 else ''} (AC-MQ3)",
        f"one {MAKE_BOARD} job, {steps} progress events over {job_seconds} s; {clients} raw "
        f"asyncio HTTP/1.1 stream{'s' if clients > 1 else ''} in this script ({SHARED})",
        f"{len(latencies):,} events received",
        "AC-MQ3 < 200; ours p99 < 25",
        latency_of(latencies),
    )


# -- the run ----------------------------------------------------------------------------------


async def in_flight_figures(deployment: Deployment) -> tuple[list[Row], list[str]]:
    async with bench_on(deployment) as bench:
        rows = await reads_in_flight(bench)
    return rows, bench.notes


async def queue_figures(deployment: Deployment) -> tuple[list[Row], list[str]]:
    async with bench_on(deployment) as bench:
        rows = [await steady_enqueue(bench), await burst_enqueue(bench)]
        for clients in SSE_CLIENTS:
            rows.append(await sse_latency(bench, clients))
        rows.append(await throughput(bench))
    return rows, bench.notes


Figures = Callable[[Deployment], Coroutine[Any, Any, tuple[list[Row], list[str]]]]
DEFAULT_CONCURRENCY = 4  # PROJECTFLOW_WORKER_CONCURRENCY's default


def on_deployment(
    figures: Figures, concurrency: int | None, seconds: int
) -> tuple[list[Row], list[str]]:
    """Run `figures` against a fresh `projectflow up` whose workers have `concurrency` slots
    (None: the default)."""
    with running_projectflow(env=bench_env(concurrency)) as runtime:
        deployment = Deployment(runtime, concurrency or DEFAULT_CONCURRENCY, seconds)
        try:
            return asyncio.run(figures(deployment))
        finally:
            keep_logs(Path(runtime["data_dir"]))


def keep_logs(data_dir: Path) -> None:
    """Keep the workers' log next to `projectflow up`'s, which outlives its data directory."""
    workers_log = data_dir / "workers.log"
    if workers_log.exists():
        shutil.copyfile(workers_log, data_dir.with_name(f"{data_dir.name}.workers.log"))
    progress(f"logs: {data_dir}.log, {data_dir}.workers.log")


def stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so that `projectflow up` is stopped too."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each steady load")
    parser.add_argument(
        "--concurrency", type=int, default=150, help="slots per worker in the reads figure"
    )
    args = parser.parse_args()
    stop_on_sigterm()
    first = on_deployment(in_flight_figures, args.concurrency, args.seconds)
    second = on_deployment(queue_figures, None, args.seconds)
    print_table(
        f"{datetime.now(UTC):%Y-%m-%d}; 2 cores shared by everything; {WORKERS} workers with "
        f"{args.concurrency} slots each for the reads, {DEFAULT_CONCURRENCY} (the default) after",
        [*first[0], *second[0]],
        [*first[1], *second[1]],
    )


if __name__ == "__main__":
    main()
