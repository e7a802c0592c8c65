"""AI runs on cards under load (issue 10): real `projectflow up` deployments (embedded PostgreSQL
and NATS, worker processes), with a stand-in OpenAI-compatible provider that streams its answers
slowly or at once (`bench/ai_provider.py`, a process of its own).

First deployment, 5 workers of 210 slots (a worker takes at most 256 jobs at once):

1. reads of a small board at a steady 300 req/s with no runs, then with 1,000 AI runs in
   flight: each a `draft` run whose provider call streams a chunk every 0.5 s (until the runs
   are cancelled, after the figures);
2. first token → SSE client: 50 more runs (20 chunks 0.5 s apart) started while the 1,000
   stream, each followed on `/api/jobs/{id}/events` by a raw SSE client of its own; from the
   provider sending a run's first content chunk to its client receiving the first `text`
   partial (and the same for every chunk).

Second deployment, 2 workers of 32 slots:

3. routing and dispatch: runs started one at a time with idle workers, from the 202 of
   `POST /api/cards/{id}/ai` to the provider receiving the run's request;
4. first token → SSE client at low load (50 runs at once, nothing else running);
5. runs per second: 500 runs queued by hey against a provider that answers at once (20
   chunks), from the first POST to the last run's end.

The provider records when it received each request and sent each chunk on CLOCK_MONOTONIC,
the clock this script reads with `time.monotonic()`. The load generators (hey, this script's
SSE clients) and the provider share the 2 cores with the API, PostgreSQL, NATS and the
workers: the figures are a floor, not a ceiling.

    .venv/bin/python bench/ai.py [--seconds 10] [--in-flight 1000] [--pace 0.5]
"""

import sys
from pathlib import Path

# Run as a script (`python bench/ai.py`): find `bench` in the repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import asyncio
import gc
import json
import math
import re
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit
from uuid import UUID

import httpx
import psutil
from sqlalchemy import text

from bench.jobs import (
    Answered,
    JobStore,
    Row,
    Tenant,
    keep_logs,
    latency_of,
    print_table,
    progress,
    read_loads,
    stop_on_sigterm,
    wait_for_workers,
)
from bench.support import (
    CpuShares,
    body_blocks,
    percentile,
    read_headers,
    run_hey,
    running_projectflow,
    sign_up,
)
from projectflow.db.identity import unit_of_work
from projectflow.runtime.process import free_port

PROVIDER_SCRIPT = Path(__file__).with_name("ai_provider.py")
RUN = "ai.run"
START_AT_ONCE = 10  # POSTs in flight while the runs are started
FAST_CHUNKS = 20
RAMP_SECONDS = 300.0  # the most the in-flight runs may take to open their provider calls
IDLE_GAP_SECONDS = 0.3  # between sequential runs: the last one's end is written meanwhile
SETTLE_SECONDS = 120.0
FOLLOW_DEADLINE_SECONDS = 300.0  # the most the followed runs may take, start to end
SHARED = "shares the 2 cores with the API, PostgreSQL, NATS, the workers and the provider"
TARGET_READS = "seed p95 < 200; ours p95 < 25"
TARGET_TOKEN = "ours p99 < 25"
PARTS = ("API", "workers", "PostgreSQL", "NATS", "provider", "load", "other")
PART_NAMES = {"load": "this script and hey", "other": "anything else"}
MAX_SLOTS = 256  # PROJECTFLOW_WORKER_CONCURRENCY's upper bound
T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    seconds: int
    in_flight: int
    followed: int
    pace: float
    chunks: int  # of the followed runs (the others stream until they are cancelled)
    workers: int  # in the in-flight deployment
    slots: int
    db_pool_size: int
    sequential: int
    runs: int  # queued for the runs/s figure
    throughput_slots: int


# -- the provider ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    """The stand-in provider's process, and a client for its records."""

    url: str
    pid: int
    http: httpx.AsyncClient

    @staticmethod
    def model(chunks: int, pace: float) -> str:
        return f"bench-c{chunks}-p{pace:g}"

    async def stats(self) -> dict[str, int]:
        stats: dict[str, int] = (await self.http.get(f"{self.url}/stats")).json()
        return stats

    async def records(self, tags: list[str]) -> dict[str, dict[str, Any]]:
        response = await self.http.post(f"{self.url}/records", json={"tags": tags})
        records: dict[str, dict[str, Any]] = response.json()
        return records


@contextmanager
def running_provider() -> Iterator[tuple[str, int]]:
    """The provider in its own process: (its base URL, its pid)."""
    port = free_port()
    argv = [sys.executable, str(PROVIDER_SCRIPT), "--port", str(port)]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        if "listening" not in process.stdout.readline():
            raise RuntimeError("the stand-in provider did not start")
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RunStore(JobStore):
    """`JobStore`, and PostgreSQL's count of transactions."""

    async def transactions(self) -> int:
        """Transactions committed or rolled back in the database so far (each backend reports
        its own within a second of going idle)."""
        async with unit_of_work(self._sessionmaker, None) as session:
            return int(await session.scalar(_TRANSACTIONS) or 0)


_TRANSACTIONS = text(
    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
)
STATS_DELAY_SECONDS = 1.5  # for the backends' transaction counts to reach pg_stat_database


# -- cores -----------------------------------------------------------------------------------


class Cores:
    """`CpuShares` with the provider's process counted apart from "anything else"."""

    def __init__(self, runtime: dict[str, Any], provider_pid: int) -> None:
        self._shares = CpuShares(runtime)
        self._provider = psutil.Process(provider_pid)
        self._start = self._provider_seconds()
        self._started = time.monotonic()

    def _provider_seconds(self) -> float:
        times = self._provider.cpu_times()
        return float(times.user + times.system)

    def used(self) -> dict[str, float]:
        used = self._shares.used()
        used["provider"] = self._provider_seconds() - self._start
        used["other"] = max(0.0, used["other"] - used["provider"])
        return used

    def cores(self) -> dict[str, float]:
        elapsed = time.monotonic() - self._started
        return {part: seconds / elapsed for part, seconds in self.used().items()}


def describe(figures: dict[str, float], unit: str = "", scale: float = 1.0) -> str:
    return ", ".join(
        f"{PART_NAMES.get(part, part)} {figures.get(part, 0.0) * scale:.2f}{unit}" for part in PARTS
    )


# -- the deployment, an account, projects with a provider --------------------------------------


@dataclass(frozen=True)
class Workspace:
    project: UUID
    board: UUID
    cards: list[UUID]


@dataclass(frozen=True)
class Started:
    """A run as `POST /api/cards/{id}/ai` answered it; `accepted` is when the 202 arrived."""

    tag: str
    job_id: str
    run_id: str
    accepted: float
    accepted_wall: float
    post_seconds: float


@dataclass
class Bench:
    runtime: dict[str, Any]
    client: httpx.AsyncClient
    provider: Provider
    store: RunStore
    tenant: Tenant
    options: Options
    notes: list[str] = field(default_factory=list)

    @property
    def api(self) -> str:
        return str(self.runtime["api_url"])

    @property
    def authorization(self) -> str:
        return self.tenant.headers["Authorization"]

    def cores(self) -> Cores:
        return Cores(self.runtime, self.provider.pid)

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.client.post(path, json=body, headers=self.tenant.headers)
        answer: dict[str, Any] = response.raise_for_status().json()
        return answer

    async def workspace(self, name: str, cards: int, model: str | None) -> Workspace:
        """A project with one board of `cards` cards; with `model`, the stand-in provider
        streaming that way as its AI provider."""
        project = (await self.post("/api/projects", {"name": name}))["id"]
        if model is not None:
            settings = {
                "provider": "openai",
                "base_url": f"{self.provider.url}/v1",
                "model": model,
                "api_key": "bench-key-0123456789",
            }
            response = await self.client.put(
                f"/api/projects/{project}/ai/settings", json=settings, headers=self.tenant.headers
            )
            response.raise_for_status()
        board = await self.post(f"/api/projects/{project}/boards", {"name": name})
        card_ids = []
        for index in range(cards):
            card = {"column_id": board["columns"][index % 3]["id"], "title": f"Card {index}"}
            card_ids.append(UUID((await self.post(f"/api/boards/{board['id']}/cards", card))["id"]))
        return Workspace(UUID(project), UUID(board["id"]), card_ids)

    async def start_run(self, card: UUID) -> Started:
        """A `draft` run on the card, tagged in its instructions so the provider can tell it."""
        tag = uuid.uuid4().hex
        body = {"action": "draft", "instructions": f"bench-tag:{tag}"}
        sent = time.monotonic()
        queued = await self.post(f"/api/cards/{card}/ai", body)
        accepted = time.monotonic()
        return Started(
            tag, queued["job_id"], queued["run_id"], accepted, time.time(), accepted - sent
        )

    async def counts(self, project: UUID) -> dict[str, int]:
        return (await self.store.counts(self.tenant, project, RUN)).by_status


@dataclass(frozen=True)
class Deployment:
    runtime: dict[str, Any]
    provider_url: str
    provider_pid: int
    options: Options
    workers: int


@asynccontextmanager
async def bench_on(deployment: Deployment) -> AsyncIterator[Bench]:
    """An account on the running deployment, once its workers are up."""
    runtime = deployment.runtime
    store = RunStore(runtime["database_url"])
    try:
        async with (
            httpx.AsyncClient(base_url=runtime["api_url"], timeout=60) as client,
            httpx.AsyncClient(timeout=30) as provider_http,
        ):
            await wait_for_workers(client, deployment.workers)
            progress(f"{deployment.workers} workers ready")
            with httpx.Client(base_url=runtime["api_url"], timeout=30) as sync_client:
                headers = sign_up(sync_client)
            me = (await client.get("/api/me", headers=headers)).raise_for_status().json()
            provider = Provider(deployment.provider_url, deployment.provider_pid, provider_http)
            # This process's own full collections would pause its SSE clients.
            gc.collect()
            gc.freeze()
            yield Bench(
                runtime,
                client,
                provider,
                store,
                Tenant(headers, UUID(me["id"])),
                deployment.options,
            )
    finally:
        await store.close()


# -- following a run's events ------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """A `text` partial as an SSE client saw it."""

    number: int  # the provider's chunk number
    received: float  # time.monotonic()
    from_publish: float  # seconds since the worker published it (wall clocks)


@dataclass
class Followed:
    """One SSE connection to a job's events: when it was connected, the `text` partials, how
    many events it saw, and how the job ended."""

    connected: float = math.nan
    tokens: list[Token] = field(default_factory=list)
    events: int = 0
    final: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    _buffer: str = ""
    _data: str = ""

    def feed(self, block: bytes, received: float) -> None:
        self._buffer += block.decode()
        *lines, self._buffer = self._buffer.split("\n")
        for line in (line.rstrip("\r") for line in lines):
            if line.startswith("data:"):
                self._data += line[5:].removeprefix(" ")
            elif not line and self._data:
                self._event(json.loads(self._data), received, time.time())
                self._data = ""

    def _event(self, event: dict[str, Any], received: float, received_wall: float) -> None:
        self.events += 1
        data = event.get("data") or {}
        if event["type"] == "partial" and data.get("kind") == "text":
            number = re.match(r"w(\d+) ", data["text"])
            published = datetime.fromisoformat(event["at"]).timestamp()
            if number:
                self.tokens.append(Token(int(number[1]), received, received_wall - published))
        elif event["type"] in ("succeeded", "failed", "cancelled"):
            self.final, self.result = event["type"], event.get("result") or {}


async def follow_run(api: str, job_id: str, authorization: str) -> Followed:
    """GET the job's events over a raw HTTP/1.1 connection until the stream ends."""
    address = urlsplit(api)
    host, port = address.hostname or "127.0.0.1", address.port or 80
    reader, writer = await asyncio.open_connection(host, port)
    followed = Followed()
    try:
        writer.write(
            f"GET /api/jobs/{job_id}/events HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: {authorization}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"SSE answered {status.decode().strip()}")
        chunked = await read_headers(reader)
        followed.connected = time.monotonic()
        async for block in body_blocks(reader, chunked=chunked):
            followed.feed(block, time.monotonic())
    finally:
        writer.close()
        await writer.wait_closed()
    return followed


async def start_and_follow(bench: Bench, card: UUID) -> tuple[Started, Followed]:
    """Start a run and follow its events at once, as the card's drawer does."""
    started = await bench.start_run(card)
    return started, await follow_run(bench.api, started.job_id, bench.authorization)


@dataclass
class TokenLatency:
    """Of runs followed from their start: the provider's first content chunk → its client's
    first `text` (and its part from the worker's publish on); every chunk → its `text`."""

    first: list[float] = field(default_factory=list)
    first_from_publish: list[float] = field(default_factory=list)
    every: list[float] = field(default_factory=list)
    late_clients: int = 0  # connected after their run's first chunk: not counted
    ended: dict[str, int] = field(default_factory=dict)  # final event → runs
    proposed: int = 0  # runs that ended `proposed` with one item
    events: int = 0

    def add(self, followed: Followed, sent: list[float]) -> None:
        final = followed.final or "no end"
        self.ended[final] = self.ended.get(final, 0) + 1
        result = followed.result
        self.proposed += result.get("status") == "proposed" and result.get("items") == 1
        self.events += followed.events
        if not sent or not followed.tokens or followed.connected > sent[0]:
            self.late_clients += 1
            return
        first = followed.tokens[0]
        self.first.append(first.received - sent[first.number])
        self.first_from_publish.append(first.from_publish)
        self.every += [t.received - sent[t.number] for t in followed.tokens if t.number < len(sent)]


def token_latency(runs: list[tuple[Started, Followed]], records: dict[str, Any]) -> TokenLatency:
    latency = TokenLatency()
    for started, followed in runs:
        latency.add(followed, records.get(started.tag, {}).get("sent") or [])
    return latency


async def followed_runs(bench: Bench, workspace: Workspace, label: str) -> list[Row]:
    """`followed` runs started at once, each followed by its own SSE client to its end."""
    count = bench.options.followed
    cores = bench.cores()
    try:
        async with asyncio.timeout(FOLLOW_DEADLINE_SECONDS):
            runs = await asyncio.gather(
                *(
                    start_and_follow(bench, workspace.cards[index % len(workspace.cards)])
                    for index in range(count)
                )
            )
    except TimeoutError:
        raise RuntimeError(
            f"the {count} followed runs had not all ended after {FOLLOW_DEADLINE_SECONDS} s"
        ) from None
    used = cores.cores()
    records = await bench.provider.records([started.tag for started, _ in runs])
    latency = token_latency(list(runs), records)
    progress(f"first token → SSE, {label}: {len(latency.first)} runs, ended {latency.ended}")
    if not latency.first:
        raise RuntimeError("no run's first token was seen by its SSE client")
    from_publish = latency_of(latency.first_from_publish)
    bench.notes.append(
        f"First token → SSE, {label}: {count} runs ended {latency.ended}, {latency.proposed} "
        f"`proposed` with one item, {latency.events / count:.0f} events each; "
        f"{latency.late_clients} clients connected after their run's first chunk (not "
        f"counted). Of the first token's time, the worker's publish → the client took p50 "
        f"{from_publish[0] * 1e3:.1f}, p95 {from_publish[1] * 1e3:.1f}, p99 "
        f"{from_publish[2] * 1e3:.1f} ms (wall clocks); the rest is the provider → the worker's "
        f"publish. Cores used: {describe(used)}."
    )
    options = bench.options
    load = (
        f"{count} `draft` runs started at once, {options.chunks} chunks {options.pace:g} s "
        f"apart; {count} raw asyncio SSE clients in this script ({SHARED})"
    )
    return [
        Row(
            f"provider's first token → SSE client, {label}",
            load,
            f"{len(latency.first)} runs",
            TARGET_TOKEN,
            latency_of(latency.first),
        ),
        Row(
            f"every token → SSE client, {label}",
            load,
            f"{len(latency.every):,} chunks",
            "",
            latency_of(latency.every),
        ),
    ]


# -- 1 and 2. reads and first tokens while 1,000 runs are in flight -----------------------------


@dataclass(frozen=True)
class Sample:
    streams: int  # provider calls open
    queued: int
    running: int
    connections: int


async def sample_while(bench: Bench, project: UUID, work: Awaitable[T]) -> tuple[T, list[Sample]]:
    """`work`'s result, and the runs in flight sampled every second while it ran."""
    task = asyncio.ensure_future(work)
    samples = []
    while not task.done():
        counts = await bench.counts(project)
        samples.append(
            Sample(
                (await bench.provider.stats())["open"],
                counts.get("queued", 0),
                counts.get("running", 0),
                await bench.store.connections(),
            )
        )
        await asyncio.wait({task}, timeout=1.0)
    return task.result(), samples


def spread(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low:,}" if low == high else f"{low:,} to {high:,}"


async def reads(bench: Bench, url: str, label: str, project: UUID | None) -> list[Row]:
    """The board read under each load; with `project`, the runs in flight sampled meanwhile."""
    rows = []
    for load in read_loads(bench.options.seconds, bench.tenant.hey_auth, SHARED):
        cores, transactions, began = (
            bench.cores(),
            await bench.store.transactions(),
            time.monotonic(),
        )
        if project is None:
            answered: Answered = await load.send(url)
            in_flight = ""
        else:
            answered, samples = await sample_while(bench, project, load.send(url))
            in_flight = _in_flight(bench, samples, f"{label}{load.label}")
        used = cores.cores()
        rate = (await bench.store.transactions() - transactions) / (time.monotonic() - began)
        name = f"board read (10 cards), {label}{load.label}"
        bench.notes.append(
            f"{name}: cores used: {describe(used)}; {rate:,.0f} PostgreSQL transactions/s."
        )
        progress(f"{name}: p95 {answered.latency[1] * 1e3:.1f} ms")
        rows.append(
            Row(name, load.load + in_flight, answered.outcome(), TARGET_READS, answered.latency)
        )
    return rows


def _in_flight(bench: Bench, samples: list[Sample], label: str) -> str:
    streams = spread([sample.streams for sample in samples])
    bench.notes.append(
        f"Reads, {label}: runs queued {spread([s.queued for s in samples])}, running "
        f"{spread([s.running for s in samples])}, provider calls open {streams} (sampled every "
        f"second); PostgreSQL connections up to {max(s.connections for s in samples)} "
        "(max_connections 200)."
    )
    return f"; {streams} provider streams open"


async def start_in_flight(bench: Bench, workspace: Workspace, count: int) -> list[Started]:
    """`count` runs, `START_AT_ONCE` POSTs at a time, until the provider has them all open."""
    slots = asyncio.Semaphore(START_AT_ONCE)
    began = time.monotonic()

    async def start(index: int) -> Started:
        async with slots:
            return await bench.start_run(workspace.cards[index % len(workspace.cards)])

    runs = await asyncio.gather(*(start(index) for index in range(count)))
    posted = time.monotonic() - began
    progress(f"{count} runs started in {posted:.1f} s")
    while (open_streams := (await bench.provider.stats())["open"]) < count:
        if time.monotonic() - began > RAMP_SECONDS:
            bench.notes.append(f"**Only {open_streams} of {count} provider calls opened.**")
            break
        await asyncio.sleep(0.25)
    ramp = time.monotonic() - began
    progress(f"{open_streams} provider streams open after {ramp:.1f} s")
    post = latency_of([started.post_seconds for started in runs])
    bench.notes.append(
        f"Starting {count:,} runs: the POSTs ({START_AT_ONCE} at a time; each p50 "
        f"{post[0] * 1e3:.0f} ms, p95 {post[1] * 1e3:.0f} ms) took {posted:.1f} s, "
        f"{open_streams:,} provider calls were open {ramp:.1f} s after the first."
    )
    return list(runs)


async def cancel_runs(bench: Bench, project: UUID, runs: list[Started]) -> None:
    """Cancel the runs still going (each at its next chunk), and note any that does not end."""
    slots = asyncio.Semaphore(START_AT_ONCE)

    async def cancel(job_id: str) -> None:
        async with slots:
            await bench.client.post(f"/api/jobs/{job_id}/cancel", headers=bench.tenant.headers)

    await asyncio.gather(*(cancel(started.job_id) for started in runs))
    counts = await bench.store.settled(bench.tenant, project, RUN, len(runs), SETTLE_SECONDS)
    progress(f"runs in flight after their cancel: {counts.by_status}")
    bench.notes.append(
        f"The {len(runs):,} runs in flight, cancelled after the figures: {counts.by_status}; "
        f"most attempts of one: {counts.max_attempts}."
    )
    if counts.active:
        bench.notes.append(f"**{counts.active} cancelled runs had not ended.**")


async def in_flight_figures(deployment: Deployment) -> tuple[list[Row], list[str]]:
    async with bench_on(deployment) as bench:
        options = bench.options
        reading = await bench.workspace("Reads", 10, None)
        url = f"{bench.api}/api/boards/{reading.board}"
        await run_hey(url, "-n", "200", "-c", "2", *bench.tenant.hey_auth)  # warm up
        rows = await reads(bench, url, "no runs", None)
        # The runs in flight would stream for an hour: they are cancelled after the figures.
        long_chunks = math.ceil(3600 / options.pace)
        loaded = await bench.workspace("In flight", 10, Provider.model(long_chunks, options.pace))
        followed = await bench.workspace(
            "Followed", 10, Provider.model(options.chunks, options.pace)
        )
        background = await start_in_flight(bench, loaded, options.in_flight)
        label = f"{options.in_flight:,} runs started"
        rows += await reads(bench, url, label, loaded.project)
        streams = (await bench.provider.stats())["open"]
        rows += await followed_runs(bench, followed, f"{label} + {options.followed} followed")
        stats = await bench.provider.stats()
        bench.notes.append(
            f"Provider: {streams:,} calls open when the followed runs started, {stats['open']:,} "
            f"after they ended; at most {stats['max_open']:,} at once."
        )
        await cancel_runs(bench, loaded.project, background)
    return rows, bench.notes


# -- 3, 4 and 5. dispatch, first token at low load, runs per second ------------------------------


@dataclass(frozen=True)
class Dispatched:
    post: float  # POST → 202
    to_provider: float  # 202 → the provider received the run's request
    to_worker: float  # 202 → a worker marked the job running (PostgreSQL's now())
    ended: str


async def answered(provider: Provider, tag: str) -> dict[str, Any]:
    """The provider's record of the tagged request, once it has answered it."""
    while True:
        record = (await provider.records([tag])).get(tag)
        if record is not None and record["done"] is not None:
            return record
        await asyncio.sleep(0.025)


async def dispatch_one(bench: Bench, card: UUID) -> Dispatched:
    """One run with idle workers: from its 202 to the provider's receipt of its request."""
    started = await bench.start_run(card)
    record = await answered(bench.provider, started.tag)
    await asyncio.sleep(IDLE_GAP_SECONDS)
    job = (
        await bench.client.get(f"/api/jobs/{started.job_id}", headers=bench.tenant.headers)
    ).json()
    picked_up = datetime.fromisoformat(job["started_at"]).timestamp()
    return Dispatched(
        started.post_seconds,
        record["received"] - started.accepted,
        picked_up - started.accepted_wall,
        job["status"],
    )


async def dispatch(bench: Bench) -> list[Row]:
    count = bench.options.sequential
    workspace = await bench.workspace("Dispatch", 3, Provider.model(FAST_CHUNKS, 0))
    await dispatch_one(bench, workspace.cards[0])  # the workers' first run warms them up
    runs = [await dispatch_one(bench, workspace.cards[index % 3]) for index in range(count)]
    ended: dict[str, int] = {}
    for run in runs:
        ended[run.ended] = ended.get(run.ended, 0) + 1
    to_worker = latency_of([run.to_worker for run in runs])
    bench.notes.append(
        f"Dispatch: {count} runs one at a time ({IDLE_GAP_SECONDS} s between one's end and the "
        f"next), jobs ended {ended}; of the 202 → provider time, 202 → a worker marked the job "
        f"running (its transaction's start, PostgreSQL's clock) took p50 {to_worker[0] * 1e3:.1f}"
        f" ms, p95 {to_worker[1] * 1e3:.1f} ms: the rest is the run's start in the worker."
    )
    progress(f"dispatch: p95 {percentile([r.to_provider for r in runs], 0.95) * 1e3:.1f} ms")
    load = f"{count} runs one after another, provider answering at once (this script {SHARED})"
    return [
        Row(
            "routing and dispatch: 202 → provider receives the run's request",
            load,
            f"jobs ended {ended}",
            "seed < 100; ours < 10",
            latency_of([run.to_provider for run in runs]),
        ),
        Row(
            "`POST /api/cards/{id}/ai` → 202",
            load,
            f"202: {count}",
            "",
            latency_of([run.post for run in runs]),
        ),
    ]


async def runs_per_second(bench: Bench) -> Row:
    count = bench.options.runs
    workspace = await bench.workspace("Throughput", 1, Provider.model(FAST_CHUNKS, 0))
    url = f"{bench.api}/api/cards/{workspace.cards[0]}/ai"
    body = json.dumps({"action": "draft"})
    await asyncio.sleep(STATS_DELAY_SECONDS)
    transactions = await bench.store.transactions()
    cores = bench.cores()
    began = time.monotonic()
    hey = await run_hey(
        url,
        *["-m", "POST", "-n", str(count), "-c", "10", "-T", "application/json", "-d", body],
        *bench.tenant.hey_auth,
    )
    counts = await bench.store.settled(bench.tenant, workspace.project, RUN, count, SETTLE_SECONDS)
    wall = time.monotonic() - began
    used = cores.used()
    await asyncio.sleep(STATS_DELAY_SECONDS)
    transactions = await bench.store.transactions() - transactions
    span = math.nan
    if counts.first_created and counts.last_finished:
        span = (counts.last_finished - counts.first_created).total_seconds()
    progress(f"runs/s: {counts.by_status} in {wall:.1f} s")
    bench.notes.append(
        f"Runs/s: hey queued the {count} runs in {hey.total_seconds:.1f} s ({hey.statuses}); "
        f"cores used: {describe({k: v / wall for k, v in used.items()})}; CPU per run: "
        f"{describe(used, ' ms', 1000 / max(1, counts['succeeded']))}; "
        f"{transactions / max(1, counts['succeeded']):.1f} PostgreSQL transactions per run (its "
        f"POST's included, and this script's polls: 4 a second)."
    )
    return Row(
        f"runs/s, 2 workers of {bench.options.throughput_slots} slots",
        f"{count} `draft` runs queued by hey -m POST -n {count} -c 10, provider answering at "
        f"once ({FAST_CHUNKS} chunks; hey {SHARED})",
        f"**{counts['succeeded'] / span:.0f} runs/s** ({span:.1f} s from the first POST's "
        f"commit to the last run's end; {wall:.1f} s by this script's clock); "
        f"jobs {counts.by_status}, most attempts {counts.max_attempts}",
        "",
    )


async def low_load_figures(deployment: Deployment) -> tuple[list[Row], list[str]]:
    async with bench_on(deployment) as bench:
        rows = await dispatch(bench)
        options = bench.options
        followed = await bench.workspace(
            "Followed", 10, Provider.model(options.chunks, options.pace)
        )
        rows += await followed_runs(bench, followed, "low load")
        rows.append(await runs_per_second(bench))
    return rows, bench.notes


# -- the run ----------------------------------------------------------------------------------

Figures = Callable[[Deployment], Coroutine[Any, Any, tuple[list[Row], list[str]]]]


def deployment_env(workers: int, slots: int, db_pool_size: int) -> dict[str, str]:
    """`projectflow up` with exactly `workers` workers of `slots` slots each."""
    return {
        "PROJECTFLOW_WORKERS_MIN": str(workers),
        "PROJECTFLOW_WORKERS_MAX": str(workers),
        "PROJECTFLOW_WORKER_CONCURRENCY": str(slots),
        "PROJECTFLOW_DB_POOL_SIZE": str(db_pool_size),
        # Runs still going when the benchmark ends are not worth waiting for.
        "PROJECTFLOW_WORKER_GRACE_SECONDS": "1",
    }


def on_deployment(
    figures: Figures, provider: tuple[str, int], options: Options, workers: int, slots: int
) -> tuple[list[Row], list[str]]:
    env = deployment_env(workers, slots, options.db_pool_size)
    with running_projectflow(env=env) as runtime:
        deployment = Deployment(runtime, *provider, options, workers)
        try:
            rows, notes = asyncio.run(figures(deployment))
        finally:
            data_dir = Path(runtime["data_dir"])
            keep_logs(data_dir)
    return rows, [*notes, *worker_errors(data_dir.with_name(f"{data_dir.name}.workers.log"))]


def worker_errors(log: Path) -> list[str]:
    """The errors the workers logged, by logger and exception, most frequent first."""
    errors: dict[str, int] = {}
    for line in log.read_text().splitlines() if log.exists() else []:
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if entry.get("level") not in ("error", "critical"):
            continue
        raised = (entry.get("exception") or "").strip().splitlines()[-1:] or ["no exception"]
        said = f"{entry.get('logger')}: {raised[0].split(' (Background on')[0]}"
        errors[said] = errors.get(said, 0) + 1
    ranked = sorted(errors.items(), key=lambda item: -item[1])
    return [f"**Workers' log: {said} ({count} times)**" for said, count in ranked[:5]]


def parse_options() -> Options:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each read window")
    parser.add_argument("--in-flight", type=int, default=1000, help="AI runs in flight")
    parser.add_argument("--followed", type=int, default=50, help="runs followed over SSE")
    parser.add_argument("--pace", type=float, default=0.5, help="seconds between chunks")
    parser.add_argument("--chunks", type=int, default=20, help="chunks of a followed run")
    parser.add_argument("--workers", type=int, default=5, help="for the runs in flight")
    # Each process may open twice its pool size: (5 workers + the API) * 2 * 15 = 180 of
    # PostgreSQL's 200 connections. At 10, runs failed waiting for a connection.
    parser.add_argument("--db-pool-size", type=int, default=15, help="PROJECTFLOW_DB_POOL_SIZE")
    parser.add_argument("--sequential", type=int, default=50, help="runs for the dispatch time")
    parser.add_argument("--runs", type=int, default=500, help="runs for the runs/s figure")
    parser.add_argument(
        "--throughput-slots", type=int, default=32, help="per worker, in the second deployment"
    )
    args = parser.parse_args()
    # Slots for every run in flight and every followed one; a worker takes at most 256.
    slots = math.ceil((args.in_flight + args.followed) / args.workers)
    if slots > MAX_SLOTS:
        parser.error(f"{slots} slots per worker: more than {MAX_SLOTS}, give more --workers")
    return Options(slots=slots, **vars(args))


def main() -> None:
    options = parse_options()
    stop_on_sigterm()
    with running_provider() as provider:
        first = on_deployment(in_flight_figures, provider, options, options.workers, options.slots)
        second = on_deployment(low_load_figures, provider, options, 2, options.throughput_slots)
    print_table(
        f"{datetime.now().astimezone():%Y-%m-%d}; 2 cores shared by everything; "
        f"{options.workers} workers of {options.slots} slots for the runs in flight, 2 of "
        f"{options.throughput_slots} after; PROJECTFLOW_DB_POOL_SIZE={options.db_pool_size}",
        [*first[0], *second[0]],
        [*first[1], *second[1]],
    )


if __name__ == "__main__":
    main()
