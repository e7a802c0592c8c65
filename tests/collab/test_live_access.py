"""Who may sync a board live: members edit, viewers read (their edits refused and not stored),
anyone else is refused before the upgrade, and a member removed meanwhile is disconnected."""

import json
import uuid

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.support.api import add_member, sign_up
from tests.support.yjs_clients import YjsClients, eventually, server_cards, team

FORBIDDEN = 4403


def _ws(api_url: str, doc_name: str, token: str | None) -> str:
    query = f"?token={token}" if token else ""
    return api_url.replace("http://", "ws://") + f"/api/collab/{doc_name}{query}"


async def _refused(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url, additional_headers=headers):
            pass
    response = refused.value.response
    return response.status_code, json.loads(response.body)


async def test_strangers_are_refused_before_the_upgrade(
    api_url: str, http: httpx.AsyncClient
) -> None:
    owner, _, board = await team(http)
    stranger = await sign_up(http, "Sam Stranger")
    doc = f"board:{board['id']}"

    status, body = await _refused(_ws(api_url, doc, None))
    assert (status, body["error"]["code"]) == (401, "unauthorized")
    status, body = await _refused(_ws(api_url, doc, "pf_not-a-token"))
    assert (status, body["error"]["code"]) == (401, "unauthorized")
    # A stranger and a board that does not exist get the same answer (existence never leaks).
    status, stranger_body = await _refused(_ws(api_url, doc, stranger.token))
    assert (status, stranger_body["error"]["code"]) == (403, "forbidden")
    status, missing_body = await _refused(_ws(api_url, f"board:{uuid.uuid4()}", owner.token))
    assert (status, missing_body) == (403, stranger_body)
    status, body = await _refused(_ws(api_url, "card:nope", owner.token))
    assert (status, body["error"]["code"]) == (404, "not_found")
    # The header works as well as the query, for clients that can set one.
    async with connect(_ws(api_url, doc, None), additional_headers=owner.headers) as ws:
        assert (await ws.recv())[0] == 0  # the server's sync step 1


async def test_a_viewer_syncs_and_is_told_its_edits_are_refused(
    http: httpx.AsyncClient, clients: YjsClients
) -> None:
    owner, _, board = await team(http)
    viewer = await sign_up(http, "Vic Viewer")
    await add_member(http, board["project_id"], owner, viewer, "viewer")
    await clients.open("olga", board["id"], owner)
    await clients.open("vic", board["id"], viewer)
    card_id = str(uuid.uuid4())
    await clients.call(
        "add_card",
        name="olga",
        id=card_id,
        title="Seen by the viewer",
        column_id=board["columns"][0]["id"],
        position="a1",
    )
    await eventually(lambda: clients.sees("vic", card_id))

    await clients.call("insert", name="vic", id=card_id, index=0, text="viewer's edit ")
    await eventually(lambda: _told(clients, "vic", "read-only"))
    server = await server_cards(http, board["id"], owner)
    assert server[card_id]["description"] == ""
    assert (await clients.cards("olga"))[card_id]["description"] == ""
    trail = await http.get(
        f"/api/projects/{board['project_id']}/audit", headers=owner.headers, params={"limit": 50}
    )
    assert trail.status_code == 200, trail.text
    by_viewer = [
        event["action"] for event in trail.json()["events"] if event["actor_id"] == viewer.id
    ]
    assert by_viewer == ["member.joined"]


async def test_a_member_removed_while_connected_is_disconnected(
    http: httpx.AsyncClient, clients: YjsClients
) -> None:
    owner, member, board = await team(http)
    members = f"/api/projects/{board['project_id']}/members/{member.id}"
    await clients.open("mo", board["id"], member)

    # Made a viewer: still connected, but its edits are refused from then on.
    response = await http.patch(members, json={"role": "viewer"}, headers=owner.headers)
    assert response.status_code == 200, response.text
    card_id = str(uuid.uuid4())
    await eventually(lambda: _edit_refused(clients, "mo", card_id, board["columns"][0]["id"]))
    assert card_id not in await server_cards(http, board["id"], owner)

    response = await http.delete(members, headers=owner.headers)
    assert response.status_code == 204, response.text
    await eventually(lambda: _closed_with(clients, "mo", FORBIDDEN))


async def _told(clients: YjsClients, name: str, words: str) -> bool:
    await clients.call("read", name=name)  # collects its events
    return any(words in event.get("denied", "") for event in clients.events.get(name, []))


async def _edit_refused(clients: YjsClients, name: str, card_id: str, column_id: str) -> bool:
    """Try an edit (a new card each time, until one is refused)."""
    clients.events[name] = []
    await clients.call(
        "add_card",
        name=name,
        id=card_id,
        title="after demotion",
        column_id=column_id,
        position="z1",
    )
    for _ in range(20):
        if await _told(clients, name, "read-only"):
            return True
    return False


async def _closed_with(clients: YjsClients, name: str, code: int) -> bool:
    await clients.call("read", name=name)
    return any(event.get("closed") == code for event in clients.events.get(name, []))
