import httpx
from pycrdt import Doc, Map

from tests.support.api import (
    add_checklist,
    add_member,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)


async def test_a_checklist_is_ticked_reordered_and_shown_on_the_board(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    card = await create_card(client, board, owner)
    steps = await add_checklist(client, card["id"], owner, "Steps", ["one", "two", "three"])
    base = f"/api/cards/{card['id']}/checklists/{steps['id']}/items"
    one, two, three = (item["id"] for item in steps["items"])
    ticked = await client.patch(f"{base}/{two}", json={"done": True}, headers=owner.headers)
    assert ticked.status_code == 200, ticked.text
    moved = await client.post(
        f"{base}/{three}/move", json={"before_item_id": one}, headers=owner.headers
    )
    items = moved.json()["checklists"][0]["items"]
    assert [item["text"] for item in items] == ["three", "one", "two"]
    assert [item["done"] for item in items] == [False, False, True]
    shown = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    on_board = shown["columns"][0]["cards"][0]["checklists"]
    assert on_board == moved.json()["checklists"]
    history = (await client.get(f"/api/cards/{card['id']}/history", headers=owner.headers)).json()
    assert [event["action"] for event in history[:2]] == [
        "checklist.item_moved",
        "checklist.item_updated",
    ]


async def test_renaming_deleting_and_unknown_ids(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    card = await create_card(client, board, owner)
    steps = await add_checklist(client, card["id"], owner, "Steps", ["one"])
    url = f"/api/cards/{card['id']}/checklists/{steps['id']}"
    renamed = await client.patch(url, json={"title": "QA"}, headers=owner.headers)
    assert renamed.json()["checklists"][0]["title"] == "QA"
    blank = await client.patch(url, json={"title": "  "}, headers=owner.headers)
    assert_error(blank, 422, "validation_error")
    item = steps["items"][0]["id"]
    gone = await client.delete(f"{url}/items/{item}", headers=owner.headers)
    assert gone.json()["checklists"][0]["items"] == []
    again = await client.delete(f"{url}/items/{item}", headers=owner.headers)
    assert_error(again, 404, "not_found")
    deleted = await client.delete(url, headers=owner.headers)
    assert deleted.json()["checklists"] == []
    assert_error(
        await client.patch(url, json={"title": "x"}, headers=owner.headers), 404, "not_found"
    )


async def test_an_item_becomes_a_card_right_after_its_card(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    card = await create_card(client, board, owner, title="First")
    last = await create_card(client, board, owner, title="Last")
    steps = await add_checklist(client, card["id"], owner, "Steps", ["Write docs"])
    item = steps["items"][0]["id"]
    converted = await client.post(
        f"/api/cards/{card['id']}/checklists/{steps['id']}/items/{item}/convert",
        json={},
        headers=owner.headers,
    )
    assert converted.status_code == 201, converted.text
    assert converted.json()["source"]["checklists"][0]["items"] == []
    new = converted.json()["card"]
    assert new["title"] == "Write docs"
    shown = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    titles = [c["title"] for c in shown["columns"][0]["cards"]]
    assert titles == ["First", "Write docs", last["title"]]


async def test_converting_into_a_full_column_asks_for_the_override(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    todo = board["columns"][0]
    await client.patch(f"/api/columns/{todo['id']}", json={"wip_limit": 1}, headers=owner.headers)
    card = await create_card(client, board, owner)
    steps = await add_checklist(client, card["id"], owner, "Steps", ["More"])
    url = f"/api/cards/{card['id']}/checklists/{steps['id']}/items/{steps['items'][0]['id']}"
    refused = await client.post(f"{url}/convert", json={}, headers=owner.headers)
    assert_error(refused, 409, "conflict")
    kept = (await client.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()
    assert [i["text"] for i in kept["checklists"][0]["items"]] == ["More"]
    forced = await client.post(f"{url}/convert", json={"override_wip": True}, headers=owner.headers)
    assert forced.status_code == 201


async def test_viewers_cannot_tick(client: httpx.AsyncClient) -> None:
    owner, viewer = await sign_up(client, "Owner"), await sign_up(client, "Viewer")
    project = await create_project(client, owner)
    await add_member(client, project, owner, viewer, "viewer")
    board = await create_board(client, project, owner)
    card = await create_card(client, board, owner)
    steps = await add_checklist(client, card["id"], owner, "Steps", ["one"])
    url = f"/api/cards/{card['id']}/checklists/{steps['id']}/items/{steps['items'][0]['id']}"
    assert_error(
        await client.patch(url, json={"done": True}, headers=viewer.headers), 403, "forbidden"
    )


async def test_concurrent_ticks_from_a_yjs_client_and_rest_both_stay(
    client: httpx.AsyncClient,
) -> None:
    """A Yjs client ticks one item while REST ticks another: the document merges both."""
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    card = await create_card(client, board, owner)
    steps = await add_checklist(client, card["id"], owner, "Steps", ["one", "two"])
    one, two = (item["id"] for item in steps["items"])
    doc_url = f"/api/boards/{board['id']}/doc"
    state = await client.get(doc_url, headers=owner.headers)
    remote: Doc = Doc()
    remote.apply_update(state.content)
    await client.patch(
        f"/api/cards/{card['id']}/checklists/{steps['id']}/items/{one}",
        json={"done": True},
        headers=owner.headers,
    )
    before = remote.get_state()
    cards = remote.get("cards", type=Map)
    cards[card["id"]]["checklists"][steps["id"]]["items"][two]["done"] = True
    sent = await client.post(
        doc_url,
        content=remote.get_update(before),
        headers=owner.headers | {"Content-Type": "application/octet-stream"},
    )
    assert sent.status_code == 200, sent.text
    items = (await client.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()[
        "checklists"
    ][0]["items"]
    assert [item["done"] for item in items] == [True, True]


async def test_a_yjs_client_cannot_store_a_malformed_checklist(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    card = await create_card(client, board, owner)
    steps = await add_checklist(client, card["id"], owner, "Steps", ["one"])
    doc_url = f"/api/boards/{board['id']}/doc"
    remote: Doc = Doc()
    remote.apply_update((await client.get(doc_url, headers=owner.headers)).content)
    before = remote.get_state()
    item = remote.get("cards", type=Map)[card["id"]]["checklists"][steps["id"]]["items"]
    item[steps["items"][0]["id"]]["text"] = ""
    refused = await client.post(
        doc_url,
        content=remote.get_update(before),
        headers=owner.headers | {"Content-Type": "application/octet-stream"},
    )
    error = assert_error(refused, 422, "validation_error")
    assert error["details"][0]["field"].endswith(".text")
