import httpx

from tests.support.api import assert_error, create_board, create_card, create_project, sign_up


async def test_create_rename_reorder_and_delete_columns(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    todo, doing, done = (column["id"] for column in board["columns"])
    created = await client.post(
        f"/api/boards/{board['id']}/columns",
        json={"name": "Review", "wip_limit": 2},
        headers=owner.headers,
    )
    assert created.status_code == 201
    review = created.json()
    assert review["name"] == "Review"
    assert review["wip_limit"] == 2
    renamed = await client.patch(
        f"/api/columns/{review['id']}",
        json={"name": "QA", "wip_limit": None},
        headers=owner.headers,
    )
    assert renamed.json() == {"id": review["id"], "name": "QA", "wip_limit": None, "done": False}
    moved = await client.post(
        f"/api/columns/{review['id']}/move", json={"before_column_id": done}, headers=owner.headers
    )
    assert moved.status_code == 200
    first = await client.post(
        f"/api/columns/{done}/move", json={"after_column_id": todo}, headers=owner.headers
    )
    assert first.status_code == 200
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert [c["name"] for c in view["columns"]] == ["To do", "Done", "In progress", "QA"]
    assert (
        await client.delete(f"/api/columns/{review['id']}", headers=owner.headers)
    ).status_code == 204
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert [c["id"] for c in view["columns"]] == [todo, done, doing]


async def test_a_column_with_cards_is_deleted_only_with_move_cards_to(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    todo, doing, _ = (column["id"] for column in board["columns"])
    await create_card(client, board, owner, column=1, title="Existing")
    cards = [await create_card(client, board, owner, column=0, title=t) for t in ("A", "B")]
    await client.patch(
        f"/api/cards/{cards[1]['id']}", json={"archived": True}, headers=owner.headers
    )
    refused = await client.delete(f"/api/columns/{todo}", headers=owner.headers)
    error = assert_error(refused, 409, "conflict")
    assert "2 card(s)" in error["message"]
    assert "move_cards_to" in error["message"]
    itself = await client.delete(f"/api/columns/{todo}?move_cards_to={todo}", headers=owner.headers)
    assert_error(itself, 422, "validation_error")
    deleted = await client.delete(
        f"/api/columns/{todo}?move_cards_to={doing}", headers=owner.headers
    )
    assert deleted.status_code == 204
    view = (
        await client.get(f"/api/boards/{board['id']}?archived=true", headers=owner.headers)
    ).json()
    assert [c["name"] for c in view["columns"]] == ["In progress", "Done"]
    assert [c["title"] for c in view["columns"][0]["cards"]] == ["Existing", "A", "B"]


async def test_bad_column_references_are_422(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board, other = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    foreign_column = other["columns"][0]["id"]
    create = await client.post(
        f"/api/boards/{board['id']}/cards",
        json={"column_id": foreign_column, "title": "x"},
        headers=owner.headers,
    )
    error = assert_error(create, 422, "validation_error")
    assert error["details"][0]["field"] == "column_id"
    both = await client.post(
        f"/api/columns/{board['columns'][0]['id']}/move",
        json={
            "before_column_id": board["columns"][1]["id"],
            "after_column_id": board["columns"][2]["id"],
        },
        headers=owner.headers,
    )
    assert "exactly one" in assert_error(both, 422, "validation_error")["message"]
