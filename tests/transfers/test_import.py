import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import (
    Account,
    add_member,
    assert_error,
    board_ids,
    create_board,
    create_project,
    import_board,
    sign_up,
)
from tests.support.app import api_client

TRELLO = Path(__file__).parents[1] / "boardfiles" / "fixtures" / "trello_sprint_board.json"


async def _board(client: httpx.AsyncClient, board_id: str, account: Account) -> dict[str, Any]:
    response = await client.get(f"/api/boards/{board_id}?archived=true", headers=account.headers)
    assert response.status_code == 200, response.text
    board: dict[str, Any] = response.json()
    return board


def _cards(board: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {card["title"]: card for column in board["columns"] for card in column["cards"]}


async def _audit(client: httpx.AsyncClient, project: str, account: Account) -> dict[str, Any]:
    response = await client.get(f"/api/projects/{project}/audit", headers=account.headers)
    events = [e for e in response.json()["events"] if e["action"] == "board.imported"]
    assert len(events) == 1
    event: dict[str, Any] = events[0]
    return event


async def test_a_trello_export_becomes_a_board(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    board_id = await import_board(client, project, owner, "trello", TRELLO.read_bytes())
    board = await _board(client, board_id, owner)
    assert board["name"] == "Sprint 14 \N{EN DASH} Checkout revamp"
    assert [(c["name"], c["wip_limit"]) for c in board["columns"]] == [
        ("Backlog", None),
        ("In progress", 3),
        ("Review", None),
        ("Done", None),
    ]
    assert [
        [(card["title"], card["archived"]) for card in c["cards"]] for c in board["columns"]
    ] == [
        [
            ("Add Apple Pay to checkout", False),
            ("Investigate slow tax lookup", False),
            ("Remove legacy coupon endpoint", True),
            ("Gift wrapping option", True),  # from the closed list "Old ideas"
            ("One-click reorder", True),
        ],
        [("Idempotency keys for payment retries", False), ("Address form validation", False)],
        [("Fix rounding in order totals", False)],
        [
            ("Spike: PayPal Express", True),
            ("Checkout analytics events", False),
            ("Upgrade Stripe SDK to v14", False),
        ],
    ]
    cards = _cards(board)
    assert cards["Fix rounding in order totals"]["labels"] == ["Backend", "Bug"]
    assert cards["Investigate slow tax lookup"]["labels"] == ["Bug", "green"]
    assert cards["Address form validation"]["due"] == "2024-03-08T12:00:00Z"
    assert cards["Add Apple Pay to checkout"]["description"] == (
        "Use the Payment Request API.\n\nFall back to the card form on unsupported browsers.\n"
    )
    assert [c["title"] for c in cards["Add Apple Pay to checkout"]["checklists"]] == [
        "Acceptance criteria"
    ]
    address = cards["Address form validation"]["id"]
    comments = (await client.get(f"/api/cards/{address}/comments", headers=owner.headers)).json()
    assert [(c["author_name"], c["author_id"], c["body"]) for c in comments] == [
        (
            "chloe_w",
            None,
            "Design for the error states is in Figma:\n"
            "https://www.figma.com/file/k3Yx/checkout-address",
        ),
        ("Ben Okafor", None, "Shipped the postcode regex, please re-test."),
    ]
    assert comments[0]["created_at"] == "2024-03-02T09:00:00Z"
    event = await _audit(client, project, owner)
    assert event["subject_type"] == "board"
    assert event["subject_id"] == board_id
    assert event["actor_id"] == owner.id
    assert event["data"] == {
        "source": "trello",
        "columns": 4,
        "cards": 11,
        "comments": 3,
        "unmatched_assignees": [],
        "unmatched_assignee_count": 0,
    }


async def test_csv_cards_land_in_their_columns_with_members_assigned(
    client: httpx.AsyncClient,
) -> None:
    owner, member = await sign_up(client, "Owner"), await sign_up(client, "Member")
    project = await create_project(client, owner)
    await add_member(client, project, owner, member, "member")
    csv = (
        "title,column,labels,due,archived,assignees\n"
        f"Plan launch,Doing,marketing;urgent,2024-03-01,false,{member.email.upper()}\n"
        f"Fix bug,,bug,,,{member.email};stranger@example.com;ghost@example.com\n"
        "Old idea,Doing,,,yes,\n"
        f"Write notes,Done,,,,{owner.email}\n"
    ).encode()
    board_id = await import_board(client, project, owner, "csv", csv, board_name="  Launch ")
    board = await _board(client, board_id, owner)
    assert board["name"] == "Launch"
    assert [
        (column["name"], [card["title"] for card in column["cards"]]) for column in board["columns"]
    ] == [
        ("Doing", ["Plan launch", "Old idea"]),
        ("To do", ["Fix bug"]),
        ("Done", ["Write notes"]),
    ]
    cards = _cards(board)
    assert cards["Plan launch"]["assignee_ids"] == [member.id]
    assert cards["Plan launch"]["labels"] == ["marketing", "urgent"]
    assert cards["Plan launch"]["due"] == "2024-03-01T00:00:00Z"
    assert cards["Fix bug"]["assignee_ids"] == [member.id]
    assert cards["Old idea"]["archived"] is True
    assert cards["Write notes"]["assignee_ids"] == [owner.id]
    event = await _audit(client, project, owner)
    assert event["data"] == {
        "source": "csv",
        "columns": 3,
        "cards": 4,
        "comments": 0,
        "unmatched_assignees": ["ghost@example.com", "stranger@example.com"],
        "unmatched_assignee_count": 2,
    }


async def test_a_file_without_columns_gets_one_to_do_column(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    empty = {"format": "projectflow.board", "version": 1, "board": {"name": "Blank", "columns": []}}
    board_id = await import_board(client, project, owner, "json", json.dumps(empty).encode())
    board = await _board(client, board_id, owner)
    assert [(c["name"], c["cards"]) for c in board["columns"]] == [("To do", [])]


def _trello_with_unknown_list() -> bytes:
    export = json.loads(TRELLO.read_bytes())
    export["cards"][2]["idList"] = "no-such-list"
    return json.dumps(export).encode()


def _trello_with_a_long_checklist() -> bytes:
    export = json.loads(TRELLO.read_bytes())
    checklist = export["checklists"][0]
    checklist["checkItems"] = [checklist["checkItems"][0]] * 201
    return json.dumps(export).encode()


BAD_FILES = [
    pytest.param(
        "csv",
        b"title,column\nFirst,Doing\n  ,Doing\nThird,Done\n",
        "line 3: the title is empty",
        {"line": 3, "field": "title"},
        id="csv-empty-title",
    ),
    pytest.param(
        "trello",
        _trello_with_unknown_list(),
        "cards[2].idList",
        {"path": "cards[2].idList", "field": "idList"},
        id="trello-unknown-list",
    ),
    pytest.param(
        "json",
        b'{"format": "projectflow.board", "version": 1,\n "board": {"name": "X",}}',
        "line 2",
        {"line": 2},
        id="malformed-json",
    ),
    pytest.param(
        "json",
        json.dumps(
            {
                "format": "projectflow.board",
                "version": 2,
                "board": {
                    "name": "X",
                    "columns": [
                        {
                            "name": "C",
                            "cards": [{"title": "T", "checklists": [{"title": "L"}] * 21}],
                        }
                    ],
                },
            }
        ).encode(),
        "board.columns[0].cards[0].checklists: the card has 21 checklists; the limit is 20",
        {"path": "board.columns[0].cards[0].checklists", "field": "checklists"},
        id="json-too-many-checklists",
    ),
    pytest.param(
        "trello",
        _trello_with_a_long_checklist(),
        "checklists[0].checkItems: the checklist has 201 items; the limit is 200",
        {"path": "checklists[0].checkItems", "field": "checkItems"},
        id="trello-long-checklist",
    ),
]


@pytest.mark.parametrize(("kind", "content", "message", "details"), BAD_FILES)
async def test_a_bad_file_is_422_naming_the_place_and_imports_nothing(
    client: httpx.AsyncClient, kind: str, content: bytes, message: str, details: dict[str, Any]
) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    await create_board(client, project, owner)
    before = await board_ids(client, project, owner)
    response = await client.post(
        f"/api/projects/{project}/import/{kind}",
        content=content,
        params={"board_name": "Imported"},
        headers=owner.headers,
    )
    error = assert_error(response, 422, "invalid_board_file")
    assert message in error["message"]
    assert details.items() <= error["details"].items()
    assert await board_ids(client, project, owner) == before
    events = (await client.get(f"/api/projects/{project}/audit", headers=owner.headers)).json()
    assert "board.imported" not in {e["action"] for e in events["events"]}


@pytest.mark.parametrize("kind", ["trello", "csv", "json"])
async def test_an_empty_body_is_400(client: httpx.AsyncClient, kind: str) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    response = await client.post(
        f"/api/projects/{project}/import/{kind}",
        params={"board_name": "Imported"},
        headers=owner.headers,
    )
    error = assert_error(response, 400, "bad_request")
    assert "body is empty" in error["message"]


@pytest.mark.parametrize("board_name", [None, "", "x" * 201])
async def test_csv_needs_a_board_name(client: httpx.AsyncClient, board_name: str | None) -> None:
    owner = await sign_up(client)
    project = await create_project(client, owner)
    params = {} if board_name is None else {"board_name": board_name}
    response = await client.post(
        f"/api/projects/{project}/import/csv",
        content=b"title\nA card\n",
        params=params,
        headers=owner.headers,
    )
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "query.board_name"


async def test_viewers_cannot_import(client: httpx.AsyncClient) -> None:
    owner, viewer = await sign_up(client, "Owner"), await sign_up(client, "Viewer")
    project = await create_project(client, owner)
    await add_member(client, project, owner, viewer, "viewer")
    response = await client.post(
        f"/api/projects/{project}/import/trello",
        content=TRELLO.read_bytes(),
        headers=viewer.headers,
    )
    assert_error(response, 403, "forbidden")
    assert await board_ids(client, project, owner) == []


async def test_a_chunked_upload_streams_and_is_cut_off_at_the_limit(settings: Settings) -> None:
    """Without a Content-Length the upload is counted as it streams, never buffered whole."""
    small = settings.model_copy(update={"max_upload_bytes": 4096})

    async def chunks(total: int) -> AsyncIterator[bytes]:
        yield b"title\n"
        for index in range(total // 16):
            yield f"Card {index:010d}\n".encode()

    async with api_client(small) as client:
        owner = await sign_up(client)
        project = await create_project(client, owner)
        url = f"/api/projects/{project}/import/csv?board_name=Chunked"
        fits = await client.post(url, content=chunks(2048), headers=owner.headers)
        assert fits.status_code == 201, fits.text
        too_big = await client.post(url, content=chunks(64 * 1024), headers=owner.headers)
        assert_error(too_big, 413, "payload_too_large")
        assert len(await board_ids(client, project, owner)) == 1
