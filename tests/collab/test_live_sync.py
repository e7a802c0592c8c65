"""The live sync endpoint with real Yjs clients (npm `yjs` + `y-websocket`): clients and REST
converge on the server's document and its projection."""

import asyncio

import httpx

from tests.support.api import (
    create_card,
)
from tests.support.yjs_clients import (
    YjsClients,
    converged,
    eventually,
    team,
)


async def test_two_clients_and_rest_converge(http: httpx.AsyncClient, clients: YjsClients) -> None:
    owner, member, board = await team(http)
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
    await eventually(lambda: clients.sees("mo", card_id))
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

    cards = await converged(http, clients, ["olga", "mo"], board["id"], owner)
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
    cards = await converged(http, clients, ["olga", "mo"], board["id"], owner)
    assert "Rewritten: 😀 ünïcödé 中文" in cards[card_id]["description"]


async def test_presence_shows_who_is_on_the_board_as_the_server_knows_them(
    http: httpx.AsyncClient, clients: YjsClients
) -> None:
    owner, member, board = await team(http)
    await clients.open("olga", board["id"], owner)
    await clients.open("mo", board["id"], member)
    # Mo claims to be someone else: the others see who Mo signed in as, and Mo's other fields.
    await clients.call(
        "presence", name="mo", card="card-7", user={"name": "Olga Owner", "color": "#0a0"}
    )
    await clients.call("presence", name="olga", card=None)

    async def olga_sees_mo() -> bool:
        peers = (await clients.call("peers", name="olga"))["peers"]
        return [peer.get("card") for peer in peers] == ["card-7"]

    await eventually(olga_sees_mo)
    (peer,) = (await clients.call("peers", name="olga"))["peers"]
    assert peer["user"] == {"name": "Mo Member", "color": "#0a0", "id": member.id}

    # Mo leaves: Olga sees Mo go at once (not after the 30 s timeout).
    await clients.call("close", name="mo")

    async def mo_gone() -> bool:
        return (await clients.call("peers", name="olga"))["peers"] == []

    await eventually(mo_gone, seconds=10)


async def test_a_burst_of_typing_is_one_audit_row_and_a_move_is_another(
    http: httpx.AsyncClient, clients: YjsClients
) -> None:
    owner, _, board = await team(http)
    card = await create_card(http, board, owner, title="Typed into")
    await clients.open("olga", board["id"], owner)
    for index, char in enumerate("live typing ✍️"):
        await clients.call("insert", name="olga", id=card["id"], index=index, text=char)
        await asyncio.sleep(0.02)  # keystrokes apart: each stored on its own
    done = board["columns"][2]["id"]
    await clients.call("move", name="olga", id=card["id"], column_id=done, position="z9")
    await converged(http, clients, ["olga"], board["id"], owner)

    trail = await http.get(f"/api/cards/{card['id']}/history", headers=owner.headers)
    assert trail.status_code == 200, trail.text
    live = [(e["action"], e["data"].get("via")) for e in trail.json() if e["data"].get("via")]
    assert sorted(live) == [("card.moved", "collab"), ("card.updated", "collab")]
