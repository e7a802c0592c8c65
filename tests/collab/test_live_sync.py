"""The live sync endpoint with real Yjs clients (npm `yjs` + `y-websocket`): clients and REST
converge on the server's document and its projection."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import (
    Account,
    add_member,
    create_board,
    create_card,
    create_project,
    sign_up,
)
from tests.support.live import live_server
from tests.support.yjs_clients import (
    YjsClients,
    eventually,
    projected_cards,
    server_cards,
    without_positions,
    yjs_clients,
)


@pytest.fixture
def api_url(settings: Settings) -> Iterator[str]:
    with live_server(settings) as url:
        yield url


@pytest.fixture
async def http(api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        yield client


@pytest.fixture
async def clients(api_url: str) -> AsyncIterator[YjsClients]:
    async with yjs_clients(api_url) as clients:
        yield clients


async def _team(http: httpx.AsyncClient) -> tuple[Account, Account, dict[str, Any]]:
    owner, member = await sign_up(http, "Olga Owner"), await sign_up(http, "Mo Member")
    project_id = await create_project(http, owner)
    await add_member(http, project_id, owner, member, "member")
    return owner, member, await create_board(http, project_id, owner)


async def _converged(
    http: httpx.AsyncClient, clients: YjsClients, names: list[str], board_id: str, reader: Account
) -> dict[str, Any]:
    """Wait until every client, the server's document and its projection agree; returns the
    cards."""
    agreed: dict[str, Any] = {}

    async def check() -> bool:
        seen = [await clients.cards(name) for name in names]
        server = await server_cards(http, board_id, reader)
        if any(cards != server for cards in seen):
            return False
        agreed.update(server)
        return without_positions(server) == await projected_cards(http, board_id, reader)

    await eventually(check)
    return agreed


async def test_two_clients_and_rest_converge(http: httpx.AsyncClient, clients: YjsClients) -> None:
    owner, member, board = await _team(http)
    todo, doing = board["columns"][0]["id"], board["columns"][1]["id"]
    rest_card = await create_card(http, board, owner, title="Made over REST")
    await clients.open("olga", board["id"], owner)
    await clients.open("mo", board["id"], member)
    assert rest_card["id"] in await clients.cards("mo")  # the initial sync

    card_id = "0b6d8a52-36a5-4f3e-9a55-8e0f5f1f6c01"
    await clients.call(
        "add_card",
        name="olga",
        id=card_id,
        title="Live 🚀",
        column_id=todo,
        position="a5",
        description="Plan: ",
    )
    await eventually(lambda: _has(clients, "mo", card_id))
    # Both type into one description at once: emoji, CJK and accents, each keeps its text.
    await clients.call("insert", name="olga", id=card_id, index=6, text="écrire 😀 ")
    await clients.call("insert", name="mo", id=card_id, index=6, text="日本語 👩‍👩‍👧 ")
    await clients.call("move", name="mo", id=rest_card["id"], column_id=doing, position="b1")
    response = await http.patch(
        f"/api/cards/{rest_card['id']}",
        json={"title": "Renamed over REST ✅"},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text

    cards = await _converged(http, clients, ["olga", "mo"], board["id"], owner)
    description = cards[card_id]["description"]
    assert description.startswith("Plan: ")
    assert "écrire 😀 " in description
    assert "日本語 👩‍👩‍👧 " in description
    assert cards[rest_card["id"]]["title"] == "Renamed over REST ✅"
    assert cards[rest_card["id"]]["column_id"] == doing

    # Replaced through REST while a client types: identical everywhere afterwards.
    await clients.call("insert", name="olga", id=card_id, index=0, text="🔥")
    response = await http.patch(
        f"/api/cards/{card_id}",
        json={"description": "Rewritten: 😀 ünïcödé 中文"},
        headers=member.headers,
    )
    assert response.status_code == 200, response.text
    cards = await _converged(http, clients, ["olga", "mo"], board["id"], owner)
    assert "Rewritten: 😀 ünïcödé 中文" in cards[card_id]["description"]


async def _has(clients: YjsClients, name: str, card_id: str) -> bool:
    return card_id in await clients.cards(name)
