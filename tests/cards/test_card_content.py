"""What a card shows beyond its text: completed due dates, done columns, comment counts, and
moves across the project's boards."""

import httpx

from tests.support.api import (
    add_checklist,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)


async def test_due_done_done_columns_and_comment_counts_are_shown(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    done = board["columns"][2]
    marked = await client.patch(
        f"/api/columns/{done['id']}", json={"done": True}, headers=owner.headers
    )
    assert marked.json()["done"] is True
    card = await create_card(client, board, owner, due="2026-01-01", due_done=True)
    assert card["due_done"] is True
    await client.post(
        f"/api/cards/{card['id']}/comments", json={"body": "hi"}, headers=owner.headers
    )
    shown = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert [column["done"] for column in shown["columns"]] == [False, False, True]
    face = shown["columns"][0]["cards"][0]
    assert (face["due_done"], face["comment_count"], face["board_id"]) == (True, 1, board["id"])
    one = (await client.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()
    assert one["comment_count"] == 1
    found = await client.get(f"/api/boards/{board['id']}/cards", headers=owner.headers)
    assert found.json()[0]["comment_count"] == 1
    undone = await client.patch(
        f"/api/cards/{card['id']}", json={"due_done": False}, headers=owner.headers
    )
    assert undone.json()["due_done"] is False


async def test_a_card_moves_to_another_board_with_its_comments_and_checklists(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    source, target = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    card = await create_card(client, source, owner, labels=["bug"])
    await add_checklist(client, card["id"], owner, "Steps", ["one"])
    await client.post(
        f"/api/cards/{card['id']}/comments", json={"body": "kept"}, headers=owner.headers
    )
    first = await create_card(client, target, owner, column=1, title="Already there")
    moved = await client.post(
        f"/api/cards/{card['id']}/move",
        json={"column_id": target["columns"][1]["id"], "before_card_id": first["id"]},
        headers=owner.headers,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["board_id"] == target["id"]
    left = (await client.get(f"/api/boards/{source['id']}", headers=owner.headers)).json()
    assert all(not column["cards"] for column in left["columns"])
    arrived = (await client.get(f"/api/boards/{target['id']}", headers=owner.headers)).json()
    cards = arrived["columns"][1]["cards"]
    assert [c["title"] for c in cards] == ["A card", "Already there"]
    assert cards[0]["checklists"][0]["items"][0]["text"] == "one"
    assert cards[0]["labels"] == ["bug"]
    comments = await client.get(f"/api/cards/{card['id']}/comments", headers=owner.headers)
    assert [c["body"] for c in comments.json()] == ["kept"]
    history = (await client.get(f"/api/cards/{card['id']}/history", headers=owner.headers)).json()
    assert history[0]["data"]["to_board_id"] == target["id"]
    # It keeps working where it is now.
    edited = await client.patch(
        f"/api/cards/{card['id']}", json={"title": "Renamed"}, headers=owner.headers
    )
    assert edited.json()["board_id"] == target["id"]


async def test_a_column_of_another_project_is_refused(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    elsewhere = await create_board(client, await create_project(client, owner, "Other"), owner)
    card = await create_card(client, board, owner)
    refused = await client.post(
        f"/api/cards/{card['id']}/move",
        json={"column_id": elsewhere["columns"][0]["id"]},
        headers=owner.headers,
    )
    assert_error(refused, 422, "validation_error")


async def test_a_cross_board_move_into_a_full_column_asks_for_the_override(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    source, target = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    full = target["columns"][0]
    await client.patch(f"/api/columns/{full['id']}", json={"wip_limit": 1}, headers=owner.headers)
    await create_card(client, target, owner)
    card = await create_card(client, source, owner)
    url = f"/api/cards/{card['id']}/move"
    assert_error(
        await client.post(url, json={"column_id": full["id"]}, headers=owner.headers),
        409,
        "conflict",
    )
    forced = await client.post(
        url, json={"column_id": full["id"], "override_wip": True}, headers=owner.headers
    )
    assert forced.json()["board_id"] == target["id"]
