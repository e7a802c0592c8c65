"""The binary document endpoints, driven by an independent Yjs client (pycrdt)."""

import base64
import uuid

import httpx
from pycrdt import Doc, Map, Text

from tests.support.api import (
    Account,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)


async def _client_doc(client: httpx.AsyncClient, board_id: str, account: Account) -> Doc:
    response = await client.get(f"/api/boards/{board_id}/doc", headers=account.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    doc: Doc = Doc()
    doc.apply_update(response.content)
    return doc


async def test_an_update_from_an_independent_client_shows_in_the_board(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    existing = await create_card(client, board, owner, title="From REST")
    doc = await _client_doc(client, board["id"], owner)
    cards = doc.get("cards", type=Map)
    assert str(cards[existing["id"]]["title"]) == "From REST"
    before = doc.get_state()
    new_id = str(uuid.uuid4())
    with doc.transaction():
        cards[new_id] = Map(
            {
                "title": "From Yjs",
                "description": Text("written offline"),
                "column_id": board["columns"][2]["id"],
                "position": "a0",
                "labels": Map({"sync": True}),
                "archived": False,
            }
        )
        cards[existing["id"]]["title"] = "Renamed offline"
    response = await client.post(
        f"/api/boards/{board['id']}/doc",
        content=doc.get_update(before),
        headers={**owner.headers, "content-type": "application/octet-stream"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"stored": True, "changed_cards": 2}
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert view["columns"][0]["cards"][0]["title"] == "Renamed offline"
    added = view["columns"][2]["cards"][0]
    assert added == {
        "id": new_id,
        "board_id": board["id"],
        "column_id": board["columns"][2]["id"],
        "parent_id": None,
        "title": "From Yjs",
        "description": "written offline",
        "labels": ["sync"],
        "assignee_ids": [],
        "due": None,
        "due_done": False,
        "archived": False,
        "checklists": [],
        "comment_count": 0,
    }
    history = (await client.get(f"/api/cards/{new_id}/history", headers=owner.headers)).json()
    assert [(e["action"], e["data"]) for e in history] == [("card.created", {"via": "doc"})]


async def test_retried_updates_are_stored_once(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    doc = await _client_doc(client, board["id"], owner)
    before = doc.get_state()
    doc.get("columns", type=Map)[board["columns"][0]["id"]]["name"] = "Backlog"
    update = doc.get_update(before)
    url, headers = (
        f"/api/boards/{board['id']}/doc",
        {**owner.headers, "X-Yjs-Client-Id": "tab-1", "X-Yjs-Seq": "7"},
    )
    first = await client.post(url, content=update, headers=headers)
    again = await client.post(url, content=update, headers=headers)
    assert first.json()["stored"] is True
    assert again.json()["stored"] is False
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert view["columns"][0]["name"] == "Backlog"


async def test_state_vector_returns_only_the_missing_part(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    doc = await _client_doc(client, board["id"], owner)
    vector = base64.urlsafe_b64encode(doc.get_state()).decode()
    nothing_new = await client.get(
        f"/api/boards/{board['id']}/doc", params={"state_vector": vector}, headers=owner.headers
    )
    await create_card(client, board, owner, title="Later")
    missing = await client.get(
        f"/api/boards/{board['id']}/doc", params={"state_vector": vector}, headers=owner.headers
    )
    full = await client.get(f"/api/boards/{board['id']}/doc", headers=owner.headers)
    assert len(nothing_new.content) < len(missing.content) < len(full.content)
    doc.apply_update(missing.content)
    titles = [str(card["title"]) for card in doc.get("cards", type=Map).values()]
    assert titles == ["Later"]


async def test_malformed_updates_are_400_and_store_nothing(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    url = f"/api/boards/{board['id']}/doc"
    before = (await client.get(url, headers=owner.headers)).content
    for garbage in (b"\xff\xff\xff\xff\xff", b"not a yjs update at all", b"\x01"):
        response = await client.post(url, content=garbage, headers=owner.headers)
        error = assert_error(response, 400, "bad_request")
        assert "not a Yjs update" in error["message"]
    assert_error(await client.post(url, content=b"", headers=owner.headers), 400, "bad_request")
    bad_vector = await client.get(url, params={"state_vector": "%%%"}, headers=owner.headers)
    assert_error(bad_vector, 400, "bad_request")
    assert (await client.get(url, headers=owner.headers)).content == before


async def test_an_update_reusing_another_boards_card_id_is_refused(
    client: httpx.AsyncClient,
) -> None:
    owner, other = await sign_up(client, "Owner"), await sign_up(client, "Other")
    theirs = await create_board(client, await create_project(client, other), other)
    their_card = await create_card(client, theirs, other, title="Theirs")
    board = await create_board(client, await create_project(client, owner), owner)
    doc = await _client_doc(client, board["id"], owner)
    before = doc.get_state()
    doc.get("cards", type=Map)[their_card["id"]] = Map({"title": "Hijacked", "position": "a"})
    response = await client.post(
        f"/api/boards/{board['id']}/doc", content=doc.get_update(before), headers=owner.headers
    )
    error = assert_error(response, 409, "conflict")
    assert error["details"] == {"ids": [their_card["id"]]}
    untouched = await client.get(f"/api/cards/{their_card['id']}", headers=other.headers)
    assert untouched.json()["title"] == "Theirs"
    mine = await client.get(f"/api/boards/{board['id']}", headers=owner.headers)
    assert all(column["cards"] == [] for column in mine.json()["columns"])
