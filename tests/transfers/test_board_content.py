"""Checklists, label colours, completed due dates and done columns through import and export:
from Trello, and through our own JSON from one project into another."""

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from tests.support.api import (
    Account,
    add_checklist,
    create_project,
    import_board,
    sign_up,
)
from tests.support.databases import TestDatabase, as_superuser

TRELLO = Path(__file__).parents[1] / "boardfiles" / "fixtures" / "trello_sprint_board.json"
TRELLO_COLOURS = {
    "Backend": "purple",  # "purple_dark" in the export
    "Bug": "red",
    "Frontend": "blue",  # "blue_light"
    "Needs design": "gray",  # no colour
    "green": "green",  # no name
}
APPLE_PAY_CHECKLISTS = [
    {
        "title": "Acceptance criteria",
        "items": [
            ("Works in Safari (macOS and iOS)", True),
            ("Shows the card form when Apple Pay is unavailable", False),
            ("Works in Chrome on Android", False),
        ],
    }
]
RETRIES_CHECKLISTS = [
    {"title": "Client", "items": [("Generate one key per payment attempt", False)]},
    {
        "title": "Server",
        "items": [
            ("Store keys with a 24 h TTL", True),
            ("Return the cached response on replay", False),
        ],
    },
]


async def _view(client: httpx.AsyncClient, board_id: str, account: Account) -> dict[str, Any]:
    response = await client.get(f"/api/boards/{board_id}?archived=true", headers=account.headers)
    assert response.status_code == 200, response.text
    board: dict[str, Any] = response.json()
    return board


def _cards(board: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {card["title"]: card for column in board["columns"] for card in column["cards"]}


def _checklists(card: dict[str, Any]) -> list[dict[str, Any]]:
    """A card's checklists without their ids (which are checked to be distinct UUIDs)."""
    ids = [c["id"] for c in card["checklists"]] + [
        item["id"] for c in card["checklists"] for item in c["items"]
    ]
    assert len(set(ids)) == len(ids)
    assert all(UUID(value) for value in ids)
    return [
        {"title": c["title"], "items": [(item["text"], item["done"]) for item in c["items"]]}
        for c in card["checklists"]
    ]


async def _colours(client: httpx.AsyncClient, project: str, account: Account) -> dict[str, str]:
    response = await client.get(f"/api/projects/{project}/labels", headers=account.headers)
    assert response.status_code == 200, response.text
    return {label["name"]: label["color"] for label in response.json()}


async def _export(client: httpx.AsyncClient, board_id: str, account: Account) -> dict[str, Any]:
    response = await client.get(f"/api/boards/{board_id}/export", headers=account.headers)
    assert response.status_code == 200, response.text
    exported: dict[str, Any] = response.json()
    return exported


async def test_trello_checklists_label_colours_and_completed_dues_come_in(
    client: httpx.AsyncClient, database: TestDatabase
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    board_id = await import_board(client, project, owner, "trello", TRELLO.read_bytes())
    cards = _cards(await _view(client, board_id, owner))
    assert _checklists(cards["Add Apple Pay to checkout"]) == APPLE_PAY_CHECKLISTS
    assert _checklists(cards["Idempotency keys for payment retries"]) == RETRIES_CHECKLISTS
    assert [title for title, card in cards.items() if card["checklists"]] == [
        "Add Apple Pay to checkout",
        "Idempotency keys for payment retries",
    ]
    assert [title for title, card in cards.items() if card["due_done"]] == [
        "Fix rounding in order totals"
    ]
    assert await _colours(client, project, owner) == TRELLO_COLOURS
    # The projection itself, as the board view and search read it.
    rows = await as_superuser(
        database,
        "SELECT title, due_done, checklists::text FROM cards WHERE board_id = $1",
        UUID(board_id),
    )
    stored = {row["title"]: (row["due_done"], json.loads(row["checklists"])) for row in rows}
    due_done, checklists = stored["Idempotency keys for payment retries"]
    assert due_done is False
    assert [set(checklist) for checklist in checklists] == [{"id", "title", "items"}] * 2
    assert [set(item) for item in checklists[1]["items"]] == [{"id", "text", "done"}] * 2
    assert checklists == cards["Idempotency keys for payment retries"]["checklists"]
    assert stored["Fix rounding in order totals"] == (True, [])
    source = await as_superuser(database, "SELECT source FROM boards WHERE id = $1", UUID(board_id))
    assert source[0]["source"] == "trello:65e0c3a91f4b2d0012ab34cd"


async def _board_with_everything(client: httpx.AsyncClient, owner: Account, project: str) -> str:
    """The Trello board, plus a done column, a ticked checklist made in the app, a label
    recoloured in the project and one that only a card names."""
    board_id = await import_board(client, project, owner, "trello", TRELLO.read_bytes())
    board = await _view(client, board_id, owner)
    done_column = board["columns"][-1]
    assert done_column["name"] == "Done"
    response = await client.patch(
        f"/api/columns/{done_column['id']}", json={"done": True}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    card = _cards(board)["Checkout analytics events"]
    checklist = await add_checklist(client, card["id"], owner, "Events", ["view", "purchase"])
    item = checklist["items"][1]["id"]
    response = await client.patch(
        f"/api/cards/{card['id']}/checklists/{checklist['id']}/items/{item}",
        json={"done": True},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    response = await client.patch(
        f"/api/cards/{card['id']}",
        json={"labels": ["Frontend", "analytics"], "due": "2024-03-20", "due_done": True},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    response = await client.patch(
        f"/api/projects/{project}/labels/Bug", json={"color": "pink"}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    return board_id


async def test_our_json_carries_checklists_colours_done_columns_and_completed_dues(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    first_project = await create_project(client, owner, "First")
    original = await _board_with_everything(client, owner, first_project)
    exported = await _export(client, original, owner)
    board = exported["board"]
    colours = await _colours(client, first_project, owner)
    assert colours["Bug"] == "pink"
    # Every label the cards name, with the colour the project shows for it.
    assert {label["name"]: label["color"] for label in board["labels"]} == colours
    assert [(column["name"], column["done"]) for column in board["columns"]] == [
        ("Backlog", False),
        ("In progress", False),
        ("Review", False),
        ("Done", True),
    ]
    analytics = board["columns"][3]["cards"][1]
    assert analytics["title"] == "Checkout analytics events"
    assert analytics["due_done"] is True
    assert analytics["checklists"] == [
        {
            "title": "Events",
            "items": [{"text": "view", "done": False}, {"text": "purchase", "done": True}],
        }
    ]

    second_project = await create_project(client, owner, "Second")
    copy = await import_board(client, second_project, owner, "json", json.dumps(exported).encode())
    assert await _export(client, copy, owner) == exported
    assert await _colours(client, second_project, owner) == colours
    original_cards = _cards(await _view(client, original, owner))
    copied_cards = _cards(await _view(client, copy, owner))
    for title, card in original_cards.items():
        copied = copied_cards[title]
        assert _checklists(copied) == _checklists(card)
        assert (copied["due"], copied["due_done"], copied["labels"]) == (
            card["due"],
            card["due_done"],
            card["labels"],
        )
    copied_board = await _view(client, copy, owner)
    assert [column["done"] for column in copied_board["columns"]] == [False, False, False, True]


async def test_a_label_the_project_has_keeps_its_colour_on_import(
    client: httpx.AsyncClient,
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    response = await client.post(
        f"/api/projects/{project}/labels",
        json={"name": "Bug", "color": "black"},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    await import_board(client, project, owner, "trello", TRELLO.read_bytes())
    assert await _colours(client, project, owner) == TRELLO_COLOURS | {"Bug": "black"}
