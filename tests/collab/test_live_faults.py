"""Convergence under faults (AC-CRDT1): clients on two API processes editing at random through
disconnects, partitions and offline spells, and a process killed mid-stream. Afterwards every
client, the server's document and its projection agree, and they hold every update any client
made (the merge of what each client made itself, with no server involved)."""

import os
import random
import signal
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import Account, add_member, sign_up
from tests.support.live import live_server
from tests.support.process import api_process
from tests.support.yjs_clients import (
    YjsClients,
    converged,
    produced_cards,
    server_cards,
    sync_url,
    team,
    yjs_clients,
)

SEED = 20261201
CLIENTS = 5


@pytest.fixture
def two_servers(settings: Settings) -> Iterator[tuple[str, str]]:
    """Two API processes' worth of app (each its own documents, rooms and NATS client)."""
    with live_server(settings) as first, live_server(settings) as second:
        yield first, second


@pytest.fixture
async def clients(two_servers: tuple[str, str]) -> AsyncIterator[YjsClients]:
    async with yjs_clients(two_servers[0]) as clients:
        yield clients


async def test_random_edits_through_faults_converge_with_nothing_lost(
    two_servers: tuple[str, str], clients: YjsClients
) -> None:
    rng = random.Random(SEED)
    async with httpx.AsyncClient(base_url=two_servers[0], timeout=30) as http:
        owner, member, board = await team(http)
        third = await sign_up(http, "Tess Third")
        await add_member(http, board["project_id"], owner, third, "member")
        accounts: list[Account] = [owner, member, third]
        columns = [column["id"] for column in board["columns"]]
        names = [f"client{i}" for i in range(CLIENTS)]
        for i, name in enumerate(names):
            await clients.open(name, board["id"], accounts[i % 3], two_servers[i % 2])

        offline: set[str] = set()
        operations = 0
        for _ in range(300):
            name, roll = rng.choice(names), rng.random()
            if roll < 0.06 and name not in offline:  # an offline spell
                await clients.call("offline", name=name)
                offline.add(name)
            elif roll < 0.1 and not offline:  # a partition: two clients cut off together
                for cut in rng.sample(names, 2):
                    await clients.call("offline", name=cut)
                    offline.add(cut)
            elif roll < 0.2 and offline:  # back online, whoever it was
                back = rng.choice(sorted(offline))
                await clients.call("online", name=back)
                offline.discard(back)
            elif roll < 0.26:  # the socket cut abruptly (it reconnects by itself)
                await clients.call("drop", name=name)
            else:
                count = rng.randint(5, 40)
                seed = rng.randrange(1, 2**31)
                await clients.call("random", name=name, seed=seed, count=count, column_ids=columns)
                operations += count
        for name in sorted(offline):
            await clients.call("online", name=name)

        assert operations >= 4000
        cards = await converged(http, clients, names, board["id"], owner)
        assert cards == await produced_cards(clients, names)
        assert len(cards) > 100


async def test_killing_an_api_process_loses_no_accepted_update(settings: Settings) -> None:
    with api_process(settings) as doomed, api_process(settings) as survivor:
        async with (
            httpx.AsyncClient(base_url=survivor.url, timeout=30) as http,
            yjs_clients(survivor.url) as clients,
        ):
            owner, member, board = await team(http)
            columns = [column["id"] for column in board["columns"]]
            await clients.open("on_doomed", board["id"], owner, doomed.url)
            await clients.open("on_survivor", board["id"], member, survivor.url)
            for seed in range(1, 6):  # both edit; each sees the other's through NATS
                for name in ("on_doomed", "on_survivor"):
                    await clients.call("random", name=name, seed=seed, count=60, column_ids=columns)
            await converged(http, clients, ["on_doomed", "on_survivor"], board["id"], owner)
            stored = await server_cards(http, board["id"], owner)

            # Killed while its client is sending: what it stored stays; what it had not
            # stored the client still holds, and sends to the survivor.
            await clients.call("random", name="on_doomed", seed=99, count=300, column_ids=columns)
            os.kill(doomed.pid, signal.SIGKILL)
            await clients.call("random", name="on_survivor", seed=98, count=100, column_ids=columns)
            await clients.call("switch", name="on_doomed", url=sync_url(survivor.url))

            names = ["on_doomed", "on_survivor"]
            cards = await converged(http, clients, names, board["id"], owner)
            assert cards == await produced_cards(clients, names)
            assert set(stored) <= set(cards)
