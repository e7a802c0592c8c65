import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from pycrdt import Doc, Map

from tests.support.api import (
    Account,
    add_member,
    assert_error,
    create_board,
    create_card,
    create_project,
    import_board,
    sign_up,
)

TRELLO = Path(__file__).parents[1] / "boardfiles" / "fixtures" / "trello_sprint_board.json"


@dataclass(frozen=True)
class Setup:
    owner: Account
    member: Account
    project: str
    board_id: str


@pytest.fixture
async def setup(client: httpx.AsyncClient) -> Setup:
    """The Trello sprint board, plus what an import cannot make: a card assigned to a member
    with a member's comment and a parent card, an empty column with a WIP limit, and cards whose
    column a Yjs client deleted (so they have none)."""
    owner, member = await sign_up(client, "Owner"), await sign_up(client, "Mia Member")
    project = await create_project(client, owner)
    await add_member(client, project, owner, member, "member")
    board_id = await import_board(client, project, owner, "trello", TRELLO.read_bytes())
    board = await _view(client, board_id, owner)
    card = await client.post(
        f"/api/boards/{board_id}/cards",
        json={
            "column_id": board["columns"][1]["id"],
            "title": "=SUM(A1:A3) looks like a formula",
            "labels": ["needs, commas", "ops"],
            "assignee_ids": [member.id, owner.id],
            "due": "2024-04-01T08:15:30.250000Z",
            "parent_id": board["columns"][0]["cards"][0]["id"],
        },
        headers=owner.headers,
    )
    assert card.status_code == 201, card.text
    comment = await client.post(
        f"/api/cards/{card.json()['id']}/comments", json={"body": "On it"}, headers=member.headers
    )
    assert comment.status_code == 201, comment.text
    blocked = await client.post(
        f"/api/boards/{board_id}/columns", json={"name": "Blocked"}, headers=owner.headers
    )
    limited = await client.patch(
        f"/api/columns/{blocked.json()['id']}", json={"wip_limit": 2}, headers=owner.headers
    )
    assert limited.status_code == 200, limited.text
    await _delete_column_as_yjs_client(client, board_id, owner, column_name="Review")
    return Setup(owner, member, project, board_id)


async def _delete_column_as_yjs_client(
    client: httpx.AsyncClient, board_id: str, account: Account, column_name: str
) -> None:
    state = await client.get(f"/api/boards/{board_id}/doc", headers=account.headers)
    doc: Doc = Doc()
    doc.apply_update(state.content)
    columns = doc.get("columns", type=Map)
    before = doc.get_state()
    (column_id,) = [key for key, value in columns.items() if value["name"] == column_name]
    del columns[column_id]
    response = await client.post(
        f"/api/boards/{board_id}/doc", content=doc.get_update(before), headers=account.headers
    )
    assert response.status_code == 200, response.text


async def _view(client: httpx.AsyncClient, board_id: str, account: Account) -> dict[str, Any]:
    response = await client.get(f"/api/boards/{board_id}?archived=true", headers=account.headers)
    assert response.status_code == 200, response.text
    board: dict[str, Any] = response.json()
    return board


async def _export(
    client: httpx.AsyncClient, board_id: str, account: Account, file_format: str
) -> httpx.Response:
    response = await client.get(
        f"/api/boards/{board_id}/export", params={"format": file_format}, headers=account.headers
    )
    assert response.status_code == 200, response.text
    return response


def _without_ids(board: dict[str, Any]) -> list[dict[str, Any]]:
    """The board view minus ids (a card without a column shows in the first one either way;
    a parent is named by its title)."""
    titles = {card["id"]: card["title"] for column in board["columns"] for card in column["cards"]}
    return [
        {
            "name": column["name"],
            "wip_limit": column["wip_limit"],
            "done": column["done"],
            "cards": [_card_without_ids(card, titles) for card in column["cards"]],
        }
        for column in board["columns"]
    ]


def _card_without_ids(card: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    ignored = {"id", "column_id", "board_id", "checklists", "parent_id"}
    parent = card["parent_id"] and titles[card["parent_id"]]
    return (
        {k: v for k, v in card.items() if k not in ignored}
        | {"parent": parent}
        | {
            "checklists": [
                {
                    "title": checklist["title"],
                    "items": [(item["text"], item["done"]) for item in checklist["items"]],
                }
                for checklist in card["checklists"]
            ]
        }
    )


async def test_json_export_holds_the_whole_board(client: httpx.AsyncClient, setup: Setup) -> None:
    response = await _export(client, setup.board_id, setup.owner, "json")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"] == (
        'attachment; filename="sprint-14-checkout-revamp.json"'
    )
    exported = response.json()
    assert exported["format"] == "projectflow.board"
    assert exported["version"] == 3
    board = exported["board"]
    assert board["name"] == "Sprint 14 \N{EN DASH} Checkout revamp"
    assert [(c["name"], c["wip_limit"]) for c in board["columns"]] == [
        ("Backlog", None),
        ("In progress", 3),
        ("Done", None),
        ("Blocked", 2),
    ]
    backlog = [(card["title"], card["archived"]) for card in board["columns"][0]["cards"]]
    # The deleted column's card leads the first column, as in the board view.
    assert backlog[:2] == [
        ("Fix rounding in order totals", False),
        ("Add Apple Pay to checkout", False),
    ]
    assert ("Remove legacy coupon endpoint", True) in backlog
    assignments = board["columns"][1]["cards"][-1]
    assert assignments["title"] == "=SUM(A1:A3) looks like a formula"
    assert assignments["assignees"] == sorted([setup.owner.email, setup.member.email])
    assert assignments["labels"] == ["needs, commas", "ops"]
    assert assignments["due"] == "2024-04-01T08:15:30.250000Z"
    # Its parent by place: the first column's card that led that column before the import's
    # cards without a column were put ahead of it.
    parent = assignments["parent"]
    assert board["columns"][parent["column"]]["cards"][parent["card"]]["title"] == (
        "Add Apple Pay to checkout"
    )
    subtasks = [card for column in board["columns"] for card in column["cards"] if card["parent"]]
    assert subtasks == [assignments]
    assert [(c["author"], c["body"]) for c in assignments["comments"]] == [("Mia Member", "On it")]
    address = board["columns"][1]["cards"][1]
    assert address["title"] == "Address form validation"
    assert [(c["author"], c["at"]) for c in address["comments"]] == [
        ("chloe_w", "2024-03-02T09:00:00Z"),
        ("Ben Okafor", "2024-03-05T10:15:00Z"),
    ]


async def test_json_export_then_import_gives_an_equal_board(
    client: httpx.AsyncClient, setup: Setup
) -> None:
    first = await _export(client, setup.board_id, setup.owner, "json")
    copy_id = await import_board(client, setup.project, setup.owner, "json", first.content)
    assert copy_id != setup.board_id
    second = await _export(client, copy_id, setup.owner, "json")
    assert second.json() == first.json()
    original = await _view(client, setup.board_id, setup.owner)
    copy = await _view(client, copy_id, setup.owner)
    assert _without_ids(copy) == _without_ids(original)


async def test_csv_export_then_import_gives_the_same_cards(
    client: httpx.AsyncClient, setup: Setup
) -> None:
    first = await _export(client, setup.board_id, setup.owner, "csv")
    assert first.headers["content-type"] == "text/csv; charset=utf-8"
    assert first.headers["content-disposition"] == (
        'attachment; filename="sprint-14-checkout-revamp.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(first.text)))
    assert len(rows) == 12
    formula = next(row for row in rows if "SUM" in row["title"])
    assert formula["title"] == "'=SUM(A1:A3) looks like a formula"
    assert formula["assignees"] == ";".join(sorted([setup.owner.email, setup.member.email]))
    assert formula["column"] == "In progress"
    name = "Sprint 14 \N{EN DASH} Checkout revamp"
    copy_id = await import_board(
        client, setup.project, setup.owner, "csv", first.content, board_name=name
    )
    second = await _export(client, copy_id, setup.owner, "csv")
    assert second.text == first.text
    copy = await _view(client, copy_id, setup.owner)
    # CSV carries no WIP limits and no empty columns.
    assert [c["name"] for c in copy["columns"]] == ["Backlog", "In progress", "Done"]
    formula_card = copy["columns"][1]["cards"][-1]
    assert formula_card["labels"] == ["needs, commas", "ops"]
    assert sorted(formula_card["assignee_ids"]) == sorted([setup.owner.id, setup.member.id])


async def test_viewers_may_export(client: httpx.AsyncClient, setup: Setup) -> None:
    viewer = await sign_up(client, "Viewer")
    await add_member(client, setup.project, setup.owner, viewer, "viewer")
    for file_format in ("json", "csv"):
        await _export(client, setup.board_id, viewer, file_format)
    response = await client.get(f"/api/boards/{setup.board_id}/export", headers=viewer.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert json.loads(response.content)["format"] == "projectflow.board"


@pytest.mark.parametrize("file_format", ["xml", "JSON", ""])
async def test_other_formats_are_422(
    client: httpx.AsyncClient, setup: Setup, file_format: str
) -> None:
    response = await client.get(
        f"/api/boards/{setup.board_id}/export",
        params={"format": file_format},
        headers=setup.owner.headers,
    )
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "query.format"


async def test_a_name_without_letters_still_gives_a_file_name(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board_id = await import_board(
        client, project, owner, "csv", b"title\nA card\n", board_name="\N{ROCKET} / ..."
    )
    response = await _export(client, board_id, owner, "csv")
    assert response.headers["content-disposition"] == 'attachment; filename="board.csv"'


async def test_a_parent_on_another_board_is_left_out_of_the_export(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    elsewhere, board = (
        await create_board(client, project, owner),
        await create_board(client, project, owner),
    )
    epic = await create_card(client, elsewhere, owner, title="Epic")
    story = await create_card(client, board, owner, title="Story", parent_id=epic["id"])
    await create_card(client, board, owner, column=1, title="Task", parent_id=story["id"])
    exported = (await _export(client, board["id"], owner, "json")).json()
    columns = exported["board"]["columns"]
    assert [(c["title"], c["parent"]) for c in columns[0]["cards"]] == [("Story", None)]
    assert [(c["title"], c["parent"]) for c in columns[1]["cards"]] == [
        ("Task", {"column": 0, "card": 0})
    ]
    copy_id = await import_board(client, project, owner, "json", json.dumps(exported).encode())
    copy = await _view(client, copy_id, owner)
    [new_story], [new_task] = copy["columns"][0]["cards"], copy["columns"][1]["cards"]
    assert (new_story["parent_id"], new_task["parent_id"]) == (None, new_story["id"])
    subtasks = await client.get(f"/api/cards/{new_story['id']}/subtasks", headers=owner.headers)
    assert [card["title"] for card in subtasks.json()] == ["Task"]


async def test_a_loop_of_parents_written_by_a_yjs_client_is_broken_on_export(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board = await create_board(client, project, owner)
    first = await create_card(client, board, owner, title="First")
    second = await create_card(client, board, owner, title="Second")
    state = await client.get(f"/api/boards/{board['id']}/doc", headers=owner.headers)
    doc: Doc = Doc()
    doc.apply_update(state.content)
    cards = doc.get("cards", type=Map)
    before = doc.get_state()
    with doc.transaction():
        cards[first["id"]]["parent_id"] = second["id"]
        cards[second["id"]]["parent_id"] = first["id"]
    applied = await client.post(
        f"/api/boards/{board['id']}/doc", content=doc.get_update(before), headers=owner.headers
    )
    assert applied.status_code == 200, applied.text
    exported = (await _export(client, board["id"], owner, "json")).json()
    parents = [card["parent"] for card in exported["board"]["columns"][0]["cards"]]
    assert parents == [None, {"column": 0, "card": 0}]
    copy_id = await import_board(client, project, owner, "json", json.dumps(exported).encode())
    [copied, under] = (await _view(client, copy_id, owner))["columns"][0]["cards"]
    assert (copied["parent_id"], under["parent_id"]) == (None, copied["id"])
