"""Subtasks: a card names its parent card (any board of the project), through REST or a Yjs
client, and the parent lists its subtasks."""

import uuid
from typing import Any

import httpx
from pycrdt import Doc, Map

from tests.support.api import (
    Account,
    add_member,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)


async def _patch(
    client: httpx.AsyncClient, card: dict[str, Any], account: Account, **fields: Any
) -> httpx.Response:
    return await client.patch(f"/api/cards/{card['id']}", json=fields, headers=account.headers)


async def _subtasks(
    client: httpx.AsyncClient, card_id: str, account: Account
) -> list[dict[str, Any]]:
    response = await client.get(f"/api/cards/{card_id}/subtasks", headers=account.headers)
    assert response.status_code == 200, response.text
    subtasks: list[dict[str, Any]] = response.json()
    return subtasks


def _refused(response: httpx.Response, message: str) -> None:
    error = assert_error(response, 422, "validation_error")
    assert error["details"] == [{"field": "parent_id", "message": message, "type": "invalid"}]


async def test_a_card_is_created_as_a_subtask_of_a_card_on_any_board_of_the_project(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board, other = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    parent = await create_card(client, board, owner, title="Epic")
    here = await create_card(client, board, owner, column=1, title="Here", parent_id=parent["id"])
    there = await create_card(client, other, owner, title="There", parent_id=parent["id"])
    assert (here["parent_id"], there["parent_id"], parent["parent_id"]) == (
        parent["id"],
        parent["id"],
        None,
    )
    shown = await client.get(f"/api/cards/{here['id']}", headers=owner.headers)
    assert shown.json()["parent_id"] == parent["id"]
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert view["columns"][1]["cards"][0]["parent_id"] == parent["id"]
    history = (await client.get(f"/api/cards/{here['id']}/history", headers=owner.headers)).json()
    assert history[0]["action"] == "card.created"
    assert history[0]["data"] == {"title": "Here", "parent_id": parent["id"]}
    plain = (await client.get(f"/api/cards/{parent['id']}/history", headers=owner.headers)).json()
    assert plain[0]["data"] == {"title": "Epic"}


async def test_the_parent_must_be_a_card_of_the_same_project(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    foreign_board = await create_board(client, await create_project(client, owner, "B"), owner)
    foreign = await create_card(client, foreign_board, owner, title="Elsewhere")
    for parent_id in (foreign["id"], str(uuid.uuid4())):
        refused = await client.post(
            f"/api/boards/{board['id']}/cards",
            json={"column_id": board["columns"][0]["id"], "title": "T", "parent_id": parent_id},
            headers=owner.headers,
        )
        _refused(refused, "not a card of this project")
    card = await create_card(client, board, owner)
    _refused(
        await _patch(client, card, owner, parent_id=foreign["id"]), "not a card of this project"
    )
    # Nothing was written.
    assert (await _patch(client, card, owner, title="Still")).json()["parent_id"] is None
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert [c["title"] for c in view["columns"][0]["cards"]] == ["Still"]


async def test_a_card_is_not_its_own_parent_nor_its_subtasks_subtask(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board, other = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    top = await create_card(client, board, owner, title="Top")
    middle = await create_card(client, other, owner, title="Middle", parent_id=top["id"])
    bottom = await create_card(client, board, owner, title="Bottom", parent_id=middle["id"])
    _refused(
        await _patch(client, top, owner, parent_id=top["id"]), "a card cannot be its own parent"
    )
    loop = "that card is a subtask of this one; a card cannot be a subtask of its subtask"
    _refused(await _patch(client, top, owner, parent_id=middle["id"]), loop)
    _refused(await _patch(client, top, owner, parent_id=bottom["id"]), loop)
    # Cleared with null, the chain is broken and the move becomes possible.
    cleared = await _patch(client, middle, owner, parent_id=None)
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["parent_id"] is None
    moved = await _patch(client, top, owner, parent_id=bottom["id"])
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent_id"] == bottom["id"]
    history = (await client.get(f"/api/cards/{top['id']}/history", headers=owner.headers)).json()
    assert (history[0]["action"], history[0]["data"]) == (
        "card.updated",
        {"fields": ["parent_id"]},
    )
    # Other fields leave the parent as it is.
    renamed = await _patch(client, top, owner, title="Renamed")
    assert renamed.json()["parent_id"] == bottom["id"]


async def test_subtasks_are_listed_board_by_board_as_the_boards_show_them(
    client: httpx.AsyncClient,
) -> None:
    owner, viewer, stranger = [await sign_up(client, n) for n in ("Owner", "Viewer", "Stranger")]
    project = await create_project(client, owner)
    await add_member(client, project, owner, viewer, "viewer")
    first, second = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    parent = await create_card(client, second, owner, title="Epic")
    await create_card(client, second, owner, title="Second board", parent_id=parent["id"])
    await create_card(client, first, owner, column=2, title="Done", parent_id=parent["id"])
    await create_card(client, first, owner, column=0, title="To do 1", parent_id=parent["id"])
    await create_card(client, first, owner, column=0, title="To do 2", parent_id=parent["id"])
    archived = await create_card(client, first, owner, title="Archived", parent_id=parent["id"])
    await _patch(client, archived, owner, archived=True)
    await create_card(client, first, owner, title="Unrelated")
    listed = await _subtasks(client, parent["id"], viewer)
    assert [card["title"] for card in listed] == ["To do 1", "To do 2", "Done", "Second board"]
    assert {card["parent_id"] for card in listed} == {parent["id"]}
    assert listed[-1]["board_id"] == second["id"]
    assert await _subtasks(client, listed[0]["id"], viewer) == []
    hidden = await client.get(f"/api/cards/{parent['id']}/subtasks", headers=stranger.headers)
    assert_error(hidden, 403, "forbidden")
    # A viewer reads them, but cannot make subtasks.
    refused = await client.post(
        f"/api/boards/{first['id']}/cards",
        json={"column_id": first["columns"][0]["id"], "title": "T", "parent_id": parent["id"]},
        headers=viewer.headers,
    )
    assert_error(refused, 403, "forbidden")


async def test_a_subtask_keeps_its_parent_when_moved_to_another_board(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board, other = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    parent = await create_card(client, board, owner, title="Epic")
    child = await create_card(client, board, owner, title="Step", parent_id=parent["id"])
    moved = await client.post(
        f"/api/cards/{child['id']}/move",
        json={"column_id": other["columns"][1]["id"]},
        headers=owner.headers,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent_id"] == parent["id"]
    [listed] = await _subtasks(client, parent["id"], owner)
    assert (listed["id"], listed["board_id"]) == (child["id"], other["id"])


async def test_a_deleted_parent_leaves_its_subtasks_working(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    parent = await create_card(client, board, owner, title="Epic")
    child = await create_card(client, board, owner, title="Step", parent_id=parent["id"])
    deleted = await client.delete(f"/api/cards/{parent['id']}", headers=owner.headers)
    assert deleted.status_code == 204, deleted.text
    # The document keeps the id (it is the truth; the parent might come back in a merge).
    shown = await client.get(f"/api/cards/{child['id']}", headers=owner.headers)
    assert shown.json()["parent_id"] == parent["id"]
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert [(c["title"], c["parent_id"]) for c in view["columns"][0]["cards"]] == [
        ("Step", parent["id"])
    ]
    edited = await _patch(client, child, owner, title="Step, edited")
    assert edited.status_code == 200, edited.text
    gone = await client.get(f"/api/cards/{parent['id']}/subtasks", headers=owner.headers)
    assert_error(gone, 403, "forbidden")
    # It cannot be named as a parent again, and the child is freed with null.
    _refused(
        await _patch(client, child, owner, parent_id=parent["id"]), "not a card of this project"
    )
    freed = await _patch(client, child, owner, parent_id=None)
    assert freed.json()["parent_id"] is None


async def _client_doc(client: httpx.AsyncClient, board_id: str, account: Account) -> Doc:
    response = await client.get(f"/api/boards/{board_id}/doc", headers=account.headers)
    assert response.status_code == 200, response.text
    doc: Doc = Doc()
    doc.apply_update(response.content)
    return doc


async def _post_update(
    client: httpx.AsyncClient, board_id: str, account: Account, doc: Doc, before: bytes
) -> httpx.Response:
    return await client.post(
        f"/api/boards/{board_id}/doc",
        content=doc.get_update(before),
        headers={**account.headers, "content-type": "application/octet-stream"},
    )


async def test_a_parent_written_by_a_yjs_client_is_projected(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board, other = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    parent = await create_card(client, other, owner, title="Epic")
    child = await create_card(client, board, owner, title="Step")
    loner = await create_card(client, board, owner, title="Loner")
    doc = await _client_doc(client, board["id"], owner)
    cards = doc.get("cards", type=Map)
    before = doc.get_state()
    with doc.transaction():
        cards[child["id"]]["parent_id"] = parent["id"]
        cards[loner["id"]]["parent_id"] = loner["id"]  # itself: read as no parent
    applied = await _post_update(client, board["id"], owner, doc, before)
    assert applied.status_code == 200, applied.text
    shown = await client.get(f"/api/cards/{child['id']}", headers=owner.headers)
    assert shown.json()["parent_id"] == parent["id"]
    assert [card["id"] for card in await _subtasks(client, parent["id"], owner)] == [child["id"]]
    itself = await client.get(f"/api/cards/{loner['id']}", headers=owner.headers)
    assert itself.json()["parent_id"] is None
    assert await _subtasks(client, loner["id"], owner) == []
    # Cleared by the client: the projection follows.
    before = doc.get_state()
    cards[child["id"]]["parent_id"] = None
    assert (await _post_update(client, board["id"], owner, doc, before)).status_code == 200
    assert await _subtasks(client, parent["id"], owner) == []


async def test_a_yjs_client_cannot_write_a_parent_that_is_not_an_id(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    child = await create_card(client, board, owner, title="Step")
    for value in ("the epic", 7):
        # A fresh copy each time: an update building on a refused one could not be applied.
        doc = await _client_doc(client, board["id"], owner)
        before = doc.get_state()
        doc.get("cards", type=Map)[child["id"]]["parent_id"] = value
        refused = await _post_update(client, board["id"], owner, doc, before)
        error = assert_error(refused, 422, "validation_error")
        assert error["details"][0]["field"] == f"cards.{child['id']}.parent_id"
    shown = await client.get(f"/api/cards/{child['id']}", headers=owner.headers)
    assert shown.json()["parent_id"] is None
