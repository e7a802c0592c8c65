"""A Yjs update obeys the same rules as REST: what breaks them is a 422 naming the field, and
nothing of it is stored (the board's document, projection and audit trail stay as they were)."""

import math
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx
import pytest
from pycrdt import Doc, Map, Text

from projectflow.boardfiles.model import MAX_CARDS
from tests.support.api import (
    Account,
    add_member,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)
from tests.support.databases import TestDatabase


async def _doc(client: httpx.AsyncClient, board_id: str, account: Account) -> Doc:
    response = await client.get(f"/api/boards/{board_id}/doc", headers=account.headers)
    doc: Doc = Doc()
    doc.apply_update(response.content)
    return doc


async def _stored(database: TestDatabase) -> tuple[int, int, int]:
    conn = await asyncpg.connect(database.superuser)
    try:
        row = await conn.fetchrow(
            "SELECT (SELECT count(*) FROM crdt_updates) AS updates, "
            "(SELECT count(*) FROM cards) AS cards, (SELECT count(*) FROM audit_outbox) AS audit"
        )
    finally:
        await conn.close()
    return row["updates"], row["cards"], row["audit"]


async def _post(
    client: httpx.AsyncClient, board: dict[str, Any], owner: Account, change: Callable[[Doc], None]
) -> httpx.Response:
    doc = await _doc(client, board["id"], owner)
    before = doc.get_state()
    with doc.transaction():
        change(doc)
    return await client.post(
        f"/api/boards/{board['id']}/doc", content=doc.get_update(before), headers=owner.headers
    )


@pytest.fixture
async def setup(client: httpx.AsyncClient) -> tuple[Account, dict[str, Any], dict[str, Any]]:
    owner = await sign_up(client, "Owner")
    board = await create_board(client, await create_project(client, owner), owner)
    card = await create_card(client, board, owner, title="Existing")
    return owner, board, card


def _new_card(board: dict[str, Any], **fields: Any) -> Map[Any]:
    values = {
        "title": "New",
        "description": Text(""),
        "column_id": board["columns"][0]["id"],
        "position": "b0",
        "archived": False,
    }
    return Map(values | fields)


async def test_a_non_member_assignee_is_refused_and_nothing_stored(
    client: httpx.AsyncClient, database: TestDatabase, setup: Any
) -> None:
    owner, board, card = setup
    stranger = await sign_up(client, "Stranger")
    before = await _stored(database)

    def assign(doc: Doc) -> None:
        doc.get("cards", type=Map)[card["id"]]["assignees"] = Map({stranger.id: True})

    response = await _post(client, board, owner, assign)
    error = assert_error(response, 422, "validation_error")
    assert stranger.id in error["message"]
    assert await _stored(database) == before
    assert (await client.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()[
        "assignee_ids"
    ] == []


async def test_a_member_assignee_is_accepted(client: httpx.AsyncClient, setup: Any) -> None:
    owner, board, card = setup
    member = await sign_up(client, "Member")
    await add_member(client, board["project_id"], owner, member, "member")

    def assign(doc: Doc) -> None:
        doc.get("cards", type=Map)[card["id"]]["assignees"] = Map({member.id: True})

    assert (await _post(client, board, owner, assign)).status_code == 200
    stored = (await client.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()
    assert stored["assignee_ids"] == [member.id]


async def test_more_cards_than_a_board_holds_are_refused(
    client: httpx.AsyncClient, database: TestDatabase, setup: Any
) -> None:
    owner, board, _ = setup
    before = await _stored(database)

    def flood(doc: Doc) -> None:
        cards = doc.get("cards", type=Map)
        for index in range(100_000):
            cards[str(uuid.UUID(int=index + 1))] = Map({"title": "x", "position": "b0"})

    response = await _post(client, board, owner, flood)
    error = assert_error(response, 422, "validation_error")
    assert f"{MAX_CARDS:,}" in error["message"]
    assert await _stored(database) == before


BAD_FIELDS: list[tuple[str, Any, str]] = [
    ("title", "", "title"),
    ("title", "x" * 501, "title"),
    ("title", "a\x00b", "title"),
    ("title", 42, "title"),
    ("description", Text("y" * 50_001), "description"),
    ("position", "", "position"),
    ("archived", "yes", "archived"),
    ("due", "soon", "due"),
    ("due", "0001-01-01T00:00:00+14:00", "due"),
    ("column_id", "not-a-column", "column_id"),
    ("labels", Map({"": True}), "labels"),
    ("labels", Map({f"l{i}": True for i in range(21)}), "labels"),
]


@pytest.mark.parametrize(("field", "value", "named"), BAD_FIELDS)
async def test_a_card_field_breaking_rest_rules_is_refused(
    client: httpx.AsyncClient,
    database: TestDatabase,
    setup: Any,
    field: str,
    value: Any,
    named: str,
) -> None:
    owner, board, _ = setup
    before = await _stored(database)
    new_id = str(uuid.uuid4())

    def add(doc: Doc) -> None:
        doc.get("cards", type=Map)[new_id] = _new_card(board, **{field: value})

    error = assert_error(await _post(client, board, owner, add), 422, "validation_error")
    assert error["details"][0]["field"] == f"cards.{new_id}.{named}"
    assert await _stored(database) == before


@pytest.mark.parametrize("wip_limit", [math.nan, math.inf, 2**31, 0, -1, 2.5, "5"])
async def test_a_bad_wip_limit_is_refused(
    client: httpx.AsyncClient, database: TestDatabase, setup: Any, wip_limit: Any
) -> None:
    owner, board, _ = setup
    column = board["columns"][0]["id"]
    before = await _stored(database)

    def limit(doc: Doc) -> None:
        doc.get("columns", type=Map)[column]["wip_limit"] = wip_limit

    error = assert_error(await _post(client, board, owner, limit), 422, "validation_error")
    assert error["details"][0]["field"] == f"columns.{column}.wip_limit"
    assert await _stored(database) == before
