"""Board performance on a 5,000-card board, over HTTP against a real `projectflow up`.

- board read: `GET /api/boards/{id}` p50/p95 (sequential requests; target p95 < 100 ms)
- card moves: `POST /api/cards/{id}/move` by concurrent clients for a few seconds
  (target >= 200 moves/s)
- sync: 10,000 small Yjs updates posted to `/doc`, each applied, stored and projected, then a
  cold load of the document from storage (another process's view)

The client runs on the same 2 cores as the API, PostgreSQL and NATS.

    .venv/bin/python bench/board.py [--cards 5000] [--reads 200] [--seconds 10]
"""

import argparse
import asyncio
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pycrdt import Doc, Map, Text

from bench.support import CpuMeter, percentile, running_projectflow, second_api, sign_up
from projectflow.kit.fractional_index import keys_between


def make_board(
    client: httpx.Client, headers: dict[str, str], cards: int, *, rich: bool = False
) -> dict[str, Any]:
    """A board whose first column holds `cards` cards, written as one Yjs update; `rich` cards
    carry what a card face shows besides its title (two labels, a due date on every third, a
    checklist on every fifth)."""
    project = client.post("/api/projects", json={"name": "Bench"}, headers=headers).json()
    board = client.post(
        f"/api/projects/{project['id']}/boards", json={"name": "Big"}, headers=headers
    ).json()
    doc: Doc[Any] = Doc()
    doc.apply_update(client.get(f"/api/boards/{board['id']}/doc", headers=headers).content)
    column = board["columns"][0]["id"]
    before = doc.get_state()
    cards_map = doc.get("cards", type=Map)
    with doc.transaction():
        for index, position in enumerate(keys_between(None, None, cards)):
            fields = {
                "title": f"Card {index}",
                "description": Text(f"Details of card {index}"),
                "column_id": column,
                "position": position,
                "labels": Map({"bench": True}),
                "archived": False,
            }
            cards_map[str(uuid.uuid4())] = Map(fields | (_rich(index) if rich else {}))
    started = time.perf_counter()
    response = client.post(
        f"/api/boards/{board['id']}/doc", content=doc.get_update(before), headers=headers
    )
    response.raise_for_status()
    print(f"created {cards} cards in one update: {time.perf_counter() - started:.2f} s")
    return board


def _rich(index: int) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "labels": Map({"bench": True, ("bug", "ui", "docs")[index % 3]: True})
    }
    if index % 3 == 0:
        fields["due"] = (datetime.now(UTC) + timedelta(days=index % 7 - 3)).isoformat()
    if index % 5 == 0:
        items = {
            str(uuid.uuid4()): Map({"text": f"Step {step}", "done": step == 0, "position": key})
            for step, key in enumerate(keys_between(None, None, 3))
        }
        fields["checklists"] = Map(
            {str(uuid.uuid4()): Map({"title": "Steps", "position": "a0", "items": Map(items)})}
        )
    return fields


def bench_reads(client: httpx.Client, headers: dict[str, str], board_id: str, reads: int) -> None:
    client.get(f"/api/boards/{board_id}", headers=headers).raise_for_status()  # warm
    samples = []
    for _ in range(reads):
        started = time.perf_counter()
        response = client.get(f"/api/boards/{board_id}", headers=headers)
        samples.append(time.perf_counter() - started)
        response.raise_for_status()
    size = len(response.content) / 1024
    print(
        f"board read ({size:.0f} KiB): p50 {percentile(samples, 0.5) * 1000:.1f} ms, "
        f"p95 {percentile(samples, 0.95) * 1000:.1f} ms  (target p95 < 100 ms)"
    )


async def bench_moves(
    runtime: dict[str, Any],
    headers: dict[str, str],
    board: dict[str, Any],
    seconds: float,
    workers: int,
) -> None:
    api_url = runtime["api_url"]
    async with httpx.AsyncClient(base_url=api_url, headers=headers) as client:
        full = (await client.get(f"/api/boards/{board['id']}")).json()
    card_ids = [card["id"] for column in full["columns"] for card in column["cards"]]
    columns = [column["id"] for column in full["columns"]]
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            body = {"column_id": random.choice(columns)}
            started = time.perf_counter()
            response = await client.post(f"/api/cards/{random.choice(card_ids)}/move", json=body)
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()

    limits = httpx.Limits(max_connections=workers)
    async with httpx.AsyncClient(base_url=api_url, headers=headers, limits=limits) as client:
        meter = CpuMeter(runtime)
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(workers)))
        elapsed = time.perf_counter() - started
    print(
        f"card moves, {workers} concurrent clients: {len(latencies) / elapsed:.0f} moves/s, "
        f"p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms  (target >= 200 moves/s); "
        + meter.per(len(latencies))
    )


async def bench_sync(
    api_url: str, headers: dict[str, str], board: dict[str, Any], updates: int, workers: int
) -> None:
    """Post `updates` one-card title changes made by independent Yjs clients."""
    async with httpx.AsyncClient(base_url=api_url, headers=headers) as client:
        state = (await client.get(f"/api/boards/{board['id']}/doc")).content
        payloads = _title_updates(state, updates)
        queue = list(reversed(payloads))

        async def worker() -> None:
            while queue:
                response = await client.post(f"/api/boards/{board['id']}/doc", content=queue.pop())
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(workers)))
        elapsed = time.perf_counter() - started
    print(
        f"sync: {updates} updates applied, stored and projected in {elapsed:.1f} s "
        f"({updates / elapsed:.0f} updates/s, {workers} concurrent clients)"
    )


def _title_updates(state: bytes, count: int) -> list[bytes]:
    """Incremental updates as a Yjs client emits them (its `update` event per transaction)."""
    doc: Doc[Any] = Doc()
    doc.apply_update(state)
    cards = doc.get("cards", type=Map)
    keys = list(cards.keys())
    updates: list[bytes] = []
    subscription = doc.observe(lambda event: updates.append(event.update))
    for index in range(count):
        cards[random.choice(keys)]["title"] = f"Renamed {index}"
    doc.unobserve(subscription)
    return updates


def bench_cold_load(runtime: dict[str, Any], headers: dict[str, str], board_id: str) -> None:
    """Another process has the document only in storage: time its first `GET /doc`."""
    with second_api(runtime) as other_url:
        started = time.perf_counter()
        response = httpx.get(f"{other_url}/api/boards/{board_id}/doc", headers=headers, timeout=60)
        response.raise_for_status()
        print(
            f"cold document load in another process: {time.perf_counter() - started:.2f} s "
            f"({len(response.content) / 1024:.0f} KiB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    print("machine: 2 CPU cores shared by this client, the API, PostgreSQL and NATS")
    with running_projectflow() as runtime:
        api_url = runtime["api_url"]
        with httpx.Client(base_url=api_url, timeout=60) as client:
            headers = sign_up(client)
            board = make_board(client, headers, args.cards)
            bench_reads(client, headers, board["id"], args.reads)
        asyncio.run(bench_moves(runtime, headers, board, args.seconds, args.workers))
        asyncio.run(bench_sync(api_url, headers, board, args.updates, args.workers))
        bench_cold_load(runtime, headers, board["id"])


if __name__ == "__main__":
    main()
