"""Board templates: each makes its columns, cards and label colours through the ordinary write
path; the sample board shows every feature a board has."""

from datetime import UTC, datetime, timedelta
from typing import Any, get_args
from uuid import UUID

import httpx
import pytest

from projectflow.boards.templates import SAMPLE_AUTHOR, TemplateName, template
from projectflow.collab.document import BoardDocument
from tests.support.api import Account, assert_error, create_project, sign_up


async def _create(
    client: httpx.AsyncClient, project: str, owner: Account, name: str | None
) -> dict[str, Any]:
    body = {"name": "From a template"} | ({"template": name} if name else {})
    response = await client.post(
        f"/api/projects/{project}/boards", json=body, headers=owner.headers
    )
    assert response.status_code == 201, response.text
    board: dict[str, Any] = response.json()
    return board


async def _labels(client: httpx.AsyncClient, project: str, owner: Account) -> dict[str, str]:
    response = await client.get(f"/api/projects/{project}/labels", headers=owner.headers)
    assert response.status_code == 200, response.text
    return {label["name"]: label["color"] for label in response.json()}


def _shape(board: dict[str, Any]) -> list[tuple[str, int | None, bool, list[str]]]:
    return [
        (c["name"], c["wip_limit"], c["done"], [card["title"] for card in c["cards"]])
        for c in board["columns"]
    ]


async def test_without_a_template_a_board_has_the_three_default_columns(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    for name in (None, "blank"):
        board = await _create(client, project, owner, name)
        assert _shape(board) == [
            ("To do", None, False, []),
            ("In progress", None, False, []),
            ("Done", None, False, []),
        ]
    assert await _labels(client, project, owner) == {}


async def test_the_kanban_template(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    board = await _create(client, project, owner, "kanban")
    assert _shape(board) == [
        ("Backlog", None, False, ["How this board works"]),
        ("To do", None, False, []),
        ("In progress", 3, False, []),
        ("Review", 2, False, []),
        ("Done", None, True, []),
    ]
    assert await _labels(client, project, owner) == {
        "blocked": "black",
        "bug": "red",
        "feature": "green",
        "improvement": "blue",
    }


@pytest.mark.parametrize("name", get_args(TemplateName))
async def test_every_template_makes_what_it_defines(client: httpx.AsyncClient, name: str) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    board = await _create(client, project, owner, name)
    defined = template(name, datetime.now(UTC))  # type: ignore[arg-type]
    assert _shape(board) == [
        (c.name, c.wip_limit, c.done, [card.title for card in c.cards]) for c in defined.columns
    ]
    made = [card for column in board["columns"] for card in column["cards"]]
    assert [card["labels"] for card in made] == [
        sorted(card.labels) for column in defined.columns for card in column.cards
    ]
    assert {c["board_id"] for c in made} <= {board["id"]}
    colours = await _labels(client, project, owner)
    assert colours == {label.name: label.color for label in defined.labels}
    audit = (await client.get(f"/api/projects/{project}/audit", headers=owner.headers)).json()
    created = next(e for e in audit["events"] if e["action"] == "board.created")
    expected = {"name": "From a template"} | ({} if name == "blank" else {"template": name})
    assert created["data"] == expected
    # The board's document (the source of truth) holds what the projection shows.
    raw = await client.get(f"/api/boards/{board['id']}/doc", headers=owner.headers)
    document = BoardDocument()
    document.apply_update(raw.content)
    assert [(c.name, c.wip_limit, c.done) for c in document.all_columns()] == [
        (c.name, c.wip_limit, c.done) for c in defined.columns
    ]
    by_id = {card.id: card for card in document.all_cards()}
    for card in made:
        state = by_id[UUID(card["id"])]
        assert (state.title, state.due_done) == (card["title"], card["due_done"])
        assert [[i.done for i in c.items] for c in state.checklists] == [
            [i["done"] for i in c["items"]] for c in card["checklists"]
        ]


async def test_the_sample_board_shows_the_features(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    board = await _create(client, project, owner, "sample")
    cards = {card["title"]: card for column in board["columns"] for card in column["cards"]}
    columns = {card["id"]: column for column in board["columns"] for card in column["cards"]}
    # A done column, and a WIP limit (the column is full already).
    assert [c["name"] for c in board["columns"] if c["done"]] == ["Done"]
    (limited,) = [c for c in board["columns"] if c["wip_limit"]]
    assert len(limited["cards"]) == limited["wip_limit"]
    # Coloured labels.
    colours = await _labels(client, project, owner)
    assert len(set(colours.values())) == len(colours) >= 4
    assert "gray" not in colours.values()
    assert all(set(card["labels"]) <= colours.keys() for card in cards.values())
    # Checklists, some items done and some not.
    items = [i for c in cards.values() for checklist in c["checklists"] for i in checklist["items"]]
    assert {item["done"] for item in items} == {True, False}
    guide = cards["Write the user guide"]["checklists"][0]
    assert guide["title"] == "Chapters"
    assert [i["done"] for i in guide["items"]] == [True, True, False]
    # Markdown descriptions.
    assert "**" in cards["Welcome to your sample board"]["description"]
    assert "## " in cards["Payment API"]["description"]
    # Due dates: overdue, soon, completed (and one in the done column, never overdue).
    today = datetime.now(UTC).date()
    states = {_due_state(card, columns[card["id"]], today) for card in cards.values()}
    assert {"overdue", "soon", "completed", "done column"} <= states
    # Comments, by name only (nobody in the project wrote them), oldest first.
    welcome = cards["Welcome to your sample board"]
    assert welcome["comment_count"] == 2
    comments = (
        await client.get(f"/api/cards/{welcome['id']}/comments", headers=owner.headers)
    ).json()
    assert [(c["author_id"], c["author_name"]) for c in comments] == [(None, SAMPLE_AUTHOR)] * 2
    assert comments[0]["created_at"] < comments[1]["created_at"]


def _due_state(card: dict[str, Any], column: dict[str, Any], today: Any) -> str:
    if card["due"] is None:
        return "none"
    if column["done"]:
        return "done column"
    if card["due_done"]:
        return "completed"
    day = datetime.fromisoformat(card["due"]).date()
    if day < today:
        return "overdue"
    return "soon" if day <= today + timedelta(days=2) else "later"


async def test_a_label_the_project_has_keeps_its_colour(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    made = await client.post(
        f"/api/projects/{project}/labels",
        json={"name": "bug", "color": "lime"},
        headers=owner.headers,
    )
    assert made.status_code == 201, made.text
    await _create(client, project, owner, "sample")
    colours = await _labels(client, project, owner)
    assert colours["bug"] == "lime"
    assert colours["docs"] == "green"


@pytest.mark.parametrize("name", ["Kanban", "scrum", "", None, 1])
async def test_an_unknown_template_is_422(client: httpx.AsyncClient, name: object) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    response = await client.post(
        f"/api/projects/{project}/boards",
        json={"name": "B", "template": name},
        headers=owner.headers,
    )
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["template"]
    boards = await client.get(f"/api/projects/{project}/boards", headers=owner.headers)
    assert boards.json() == []
