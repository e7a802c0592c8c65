import httpx

from tests.support.api import (
    add_member,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)


async def test_wip_limit_refuses_with_409_unless_overridden(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    doing = board["columns"][1]
    limited = await client.patch(
        f"/api/columns/{doing['id']}", json={"wip_limit": 1}, headers=owner.headers
    )
    assert limited.json()["wip_limit"] == 1
    first = await create_card(client, board, owner, column=1, title="One")
    second = await create_card(client, board, owner, column=0, title="Two")
    refused = await client.post(
        f"/api/cards/{second['id']}/move", json={"column_id": doing["id"]}, headers=owner.headers
    )
    error = assert_error(refused, 409, "conflict")
    assert error["message"].startswith('Column "In progress" is at its WIP limit of 1')
    assert "override_wip" in error["message"]
    create = await client.post(
        f"/api/boards/{board['id']}/cards",
        json={"column_id": doing["id"], "title": "Three"},
        headers=owner.headers,
    )
    assert_error(create, 409, "conflict")
    forced = await client.post(
        f"/api/cards/{second['id']}/move",
        json={"column_id": doing["id"], "override_wip": True},
        headers=owner.headers,
    )
    assert forced.status_code == 200
    history = (await client.get(f"/api/cards/{second['id']}/history", headers=owner.headers)).json()
    assert history[0]["action"] == "card.moved"
    assert history[0]["data"]["wip_override"] is True
    # Moving within the full column is not blocked by its own limit.
    within = await client.post(
        f"/api/cards/{first['id']}/move",
        json={"column_id": doing["id"], "after_card_id": second["id"]},
        headers=owner.headers,
    )
    assert within.status_code == 200


async def test_assignees_must_be_project_members(client: httpx.AsyncClient) -> None:
    owner, member, stranger = [await sign_up(client, n) for n in ("Owner", "Member", "Stranger")]
    project = await create_project(client, owner)
    await add_member(client, project, owner, member, "member")
    board = await create_board(client, project, owner)
    card = await create_card(client, board, owner, assignee_ids=[member.id])
    assert card["assignee_ids"] == [member.id]
    refused = await client.patch(
        f"/api/cards/{card['id']}",
        json={"assignee_ids": [member.id, stranger.id]},
        headers=owner.headers,
    )
    error = assert_error(refused, 422, "validation_error")
    assert stranger.id in error["message"]
    assert "not a member of this project" in error["message"]
    assert error["details"][0]["field"] == "assignee_ids"
    unchanged = (await client.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()
    assert unchanged["assignee_ids"] == [member.id]


async def test_edit_archive_and_filter(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    bug = await create_card(
        client, board, owner, title="Login fails", labels=["bug"], due="2026-12-01"
    )
    await create_card(client, board, owner, title="Write docs", description="authentication guide")
    assert bug["due"] == "2026-12-01T00:00:00Z"
    patched = await client.patch(
        f"/api/cards/{bug['id']}",
        json={"description": "Steps: open /login", "due": None, "labels": ["bug", "urgent"]},
        headers=owner.headers,
    )
    assert patched.json()["description"] == "Steps: open /login"
    assert patched.json()["due"] is None
    assert patched.json()["labels"] == ["bug", "urgent"]
    search = f"/api/boards/{board['id']}/cards"
    by_word = (await client.get(search, params={"q": "auth"}, headers=owner.headers)).json()
    assert [c["title"] for c in by_word] == ["Write docs"]
    by_label = (await client.get(search, params={"label": "urgent"}, headers=owner.headers)).json()
    assert [c["title"] for c in by_label] == ["Login fails"]
    archived = await client.patch(
        f"/api/cards/{bug['id']}", json={"archived": True}, headers=owner.headers
    )
    assert archived.json()["archived"] is True
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    assert [c["title"] for c in view["columns"][0]["cards"]] == ["Write docs"]
    with_archived = (
        await client.get(f"/api/boards/{board['id']}?archived=true", headers=owner.headers)
    ).json()
    assert {c["title"] for c in with_archived["columns"][0]["cards"]} == {
        "Login fails",
        "Write docs",
    }
    only_archived = (
        await client.get(search, params={"archived": "true"}, headers=owner.headers)
    ).json()
    assert [c["title"] for c in only_archived] == ["Login fails"]
    actions = [
        e["action"]
        for e in (await client.get(f"/api/cards/{bug['id']}/history", headers=owner.headers)).json()
    ]
    assert actions == ["card.archived", "card.updated", "card.created"]


async def test_comments_in_order(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Ada Lovelace")
    board = await create_board(client, await create_project(client, owner), owner)
    card = await create_card(client, board, owner)
    url = f"/api/cards/{card['id']}/comments"
    for body in ("first", "second"):
        created = await client.post(url, json={"body": body}, headers=owner.headers)
        assert created.status_code == 201
        assert created.json()["author_name"] == "Ada Lovelace"
    comments = (await client.get(url, headers=owner.headers)).json()
    assert [c["body"] for c in comments] == ["first", "second"]
    empty = await client.post(url, json={"body": "   "}, headers=owner.headers)
    assert_error(empty, 422, "validation_error")


async def test_delete_card(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    card = await create_card(client, board, owner)
    assert (
        await client.delete(f"/api/cards/{card['id']}", headers=owner.headers)
    ).status_code == 204
    assert_error(
        await client.get(f"/api/cards/{card['id']}", headers=owner.headers), 403, "forbidden"
    )


async def test_the_board_view_shows_cards_exactly_as_the_card_endpoint(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    cards = [
        await create_card(client, board, owner, title="Plain"),
        await create_card(
            client,
            board,
            owner,
            title='Quotes " and \\ backslashes, ünïcødé 👋',
            description="line one\nline two\t",
            labels=["b", "a"],
            assignee_ids=[owner.id],
            due="2026-12-01T10:20:30.4+02:00",
        ),
        await create_card(client, board, owner, title="Due at midnight", due="2027-01-01"),
    ]
    view = (await client.get(f"/api/boards/{board['id']}", headers=owner.headers)).json()
    shown = view["columns"][0]["cards"]
    fetched = [
        (await client.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()
        for card in cards
    ]
    assert shown == fetched == cards
    assert fetched[1]["due"] == "2026-12-01T08:20:30.400000Z"
    assert fetched[1]["labels"] == ["a", "b"]


async def test_filters_by_assignee_column_and_due(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    board = await create_board(client, await create_project(client, owner), owner)
    mine = await create_card(client, board, owner, title="Mine", assignee_ids=[owner.id])
    await create_card(client, board, owner, column=1, title="Soon", due="2026-12-01")
    await create_card(client, board, owner, column=1, title="Later", due="2027-06-01")
    search = f"/api/boards/{board['id']}/cards"

    async def titles(**params: str) -> list[str]:
        response = await client.get(search, params=params, headers=owner.headers)
        assert response.status_code == 200, response.text
        return [card["title"] for card in response.json()]

    assert await titles(assignee=owner.id) == ["Mine"]
    assert await titles(column=board["columns"][1]["id"]) == ["Soon", "Later"]
    assert await titles(due_before="2027-01-01T00:00:00Z") == ["Soon"]
    assert await titles(due_after="2027-01-01T00:00:00Z") == ["Later"]
    assert await titles(q="mine", assignee=owner.id) == [mine["title"]]
    bad = await client.get(search, params={"due_before": "someday"}, headers=owner.headers)
    assert_error(bad, 422, "validation_error")
