import httpx

from tests.support.api import (
    add_member,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)


async def test_a_new_board_has_three_default_columns(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board = await create_board(client, project, owner)
    assert board["name"] == "Sprint"
    assert board["project_id"] == project
    assert [c["name"] for c in board["columns"]] == ["To do", "In progress", "Done"]
    assert all(c["cards"] == [] and c["wip_limit"] is None for c in board["columns"])
    listed = (await client.get(f"/api/projects/{project}/boards", headers=owner.headers)).json()
    assert listed == [{"id": board["id"], "name": "Sprint", "project_id": project}]


async def test_cards_show_in_order_and_moves_stick(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    a, _b, c = [await create_card(client, board, owner, title=t) for t in ("A", "B", "C")]
    moved = await client.post(
        f"/api/cards/{c['id']}/move",
        json={"column_id": board["columns"][0]["id"], "before_card_id": a["id"]},
        headers=owner.headers,
    )
    assert moved.status_code == 200, moved.text
    to_progress = await client.post(
        f"/api/cards/{a['id']}/move",
        json={"column_id": board["columns"][1]["id"]},
        headers=owner.headers,
    )
    assert to_progress.json()["column_id"] == board["columns"][1]["id"]
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert [[card["title"] for card in col["cards"]] for col in view["columns"]] == [
        ["C", "B"],
        ["A"],
        [],
    ]


async def test_viewers_read_but_cannot_write(client: httpx.AsyncClient) -> None:
    owner, viewer = await sign_up(client, "Owner"), await sign_up(client, "Viewer")
    project = await create_project(client, owner)
    await add_member(client, project, owner, viewer, "viewer")
    board = await create_board(client, project, owner)
    card = await create_card(client, board, owner)
    assert (
        await client.get(f"/api/boards/{board['id']}", headers=viewer.headers)
    ).status_code == 200
    attempts = [
        client.post(
            f"/api/boards/{board['id']}/cards",
            json={"column_id": board["columns"][0]["id"], "title": "x"},
            headers=viewer.headers,
        ),
        client.patch(f"/api/cards/{card['id']}", json={"title": "x"}, headers=viewer.headers),
        client.post(f"/api/boards/{board['id']}/doc", content=b"\x00\x00", headers=viewer.headers),
    ]
    for attempt in attempts:
        assert_error(await attempt, 403, "forbidden")
