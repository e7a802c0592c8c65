import httpx

from projectflow.labels.palette import color_for, from_trello
from tests.support.api import (
    add_member,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)


async def test_labels_cards_name_are_listed_with_a_colour_of_their_own(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board = await create_board(client, project, owner)
    await create_card(client, board, owner, labels=["bug", "ui"])
    await create_card(client, board, owner, labels=["bug"])
    created = await client.post(
        f"/api/projects/{project}/labels",
        json={"name": "Urgent", "color": "red"},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    listed = (await client.get(f"/api/projects/{project}/labels", headers=owner.headers)).json()
    assert listed == [
        {"name": "bug", "color": color_for("bug"), "cards": 2},
        {"name": "ui", "color": color_for("ui"), "cards": 1},
        {"name": "Urgent", "color": "red", "cards": 0},
    ]
    again = await client.post(
        f"/api/projects/{project}/labels", json={"name": "bug"}, headers=owner.headers
    )
    assert_error(again, 409, "conflict")


async def test_renaming_a_label_renames_it_on_every_card_of_every_board(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    first, second = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    one = await create_card(client, first, owner, labels=["bug", "ui"])
    two = await create_card(client, second, owner, labels=["bug"])
    renamed = await client.patch(
        f"/api/projects/{project}/labels/bug",
        json={"name": "defect", "color": "orange"},
        headers=owner.headers,
    )
    assert renamed.json() == {"name": "defect", "color": "orange", "cards": 2}
    for card in (one, two):
        labels = (await client.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()
        assert "defect" in labels["labels"]
        assert "bug" not in labels["labels"]
    clash = await client.patch(
        f"/api/projects/{project}/labels/defect", json={"name": "ui"}, headers=owner.headers
    )
    assert_error(clash, 409, "conflict")
    audit = (await client.get(f"/api/projects/{project}/audit", headers=owner.headers)).json()
    assert any(event["action"] == "label.updated" for event in audit["events"])


async def test_deleting_a_label_takes_it_off_every_card(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board = await create_board(client, project, owner)
    card = await create_card(client, board, owner, labels=["bug", "ui"])
    gone = await client.delete(f"/api/projects/{project}/labels/bug", headers=owner.headers)
    assert gone.status_code == 204
    after = (await client.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()
    assert after["labels"] == ["ui"]
    missing = await client.delete(f"/api/projects/{project}/labels/bug", headers=owner.headers)
    assert_error(missing, 404, "not_found")


async def test_viewers_read_labels_but_cannot_change_them(client: httpx.AsyncClient) -> None:
    owner, viewer = await sign_up(client, "Owner"), await sign_up(client, "Viewer")
    project = await create_project(client, owner)
    await add_member(client, project, owner, viewer, "viewer")
    listed = await client.get(f"/api/projects/{project}/labels", headers=viewer.headers)
    assert listed.status_code == 200
    refused = await client.post(
        f"/api/projects/{project}/labels", json={"name": "x"}, headers=viewer.headers
    )
    assert_error(refused, 403, "forbidden")


async def test_a_colour_outside_the_palette_is_refused(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    refused = await client.post(
        f"/api/projects/{project}/labels",
        json={"name": "x", "color": "#ff0000"},
        headers=owner.headers,
    )
    assert_error(refused, 422, "validation_error")


async def test_a_label_named_with_a_slash_is_recoloured(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board = await create_board(client, project, owner)
    await create_card(client, board, owner, labels=["ui/ux"])
    recoloured = await client.patch(
        f"/api/projects/{project}/labels/ui%2Fux", json={"color": "pink"}, headers=owner.headers
    )
    assert recoloured.json() == {"name": "ui/ux", "color": "pink", "cards": 1}


def test_trello_colours_map_onto_the_palette() -> None:
    assert from_trello("green_dark") == "green"
    assert from_trello("sky_light") == "sky"
    assert from_trello(None) == "gray"
    assert from_trello("chartreuse") == "gray"
    assert color_for("bug") == color_for("BUG")
