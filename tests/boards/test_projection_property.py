"""Property: whatever mix of REST operations and raw Yjs updates a board goes through, its
relational projection equals the document, and a reloaded document equals the live one."""

import uuid
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map, Text

from projectflow.collab.document import BoardDocument
from projectflow.config import Settings
from tests.support.api import Account, create_board, create_project, sign_up
from tests.support.app import api_client
from tests.support.databases import TestDatabase

# Operations: ("rest" | "raw", verb, indices / values chosen by hypothesis).
small = st.integers(min_value=0, max_value=7)
titles = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12
)
rest_ops = st.one_of(
    st.tuples(st.just("add_card"), small, titles),
    st.tuples(st.just("move_card"), small, small, st.booleans()),
    st.tuples(st.just("edit_card"), small, titles, st.booleans()),
    st.tuples(st.just("archive_card"), small, st.booleans()),
    st.tuples(st.just("delete_card"), small),
    st.tuples(st.just("add_column"), titles),
    st.tuples(st.just("delete_column"), small, small),
)
raw_ops = st.one_of(
    st.tuples(st.just("raw_add_card"), small, titles),
    st.tuples(
        st.just("raw_move_card"), small, small, st.text("0123456789abc", min_size=1, max_size=3)
    ),
    st.tuples(st.just("raw_retitle"), small, st.one_of(titles, st.integers(), st.none())),
    st.tuples(st.just("raw_delete_card"), small),
    st.tuples(st.just("raw_delete_column"), small),
    st.tuples(st.just("raw_garbage_card"), st.sampled_from(["not-a-uuid", "new-uuid"])),
)


@dataclass
class Session:
    client: httpx.AsyncClient
    account: Account
    board: dict[str, Any]
    cards: list[str] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return self.account.headers

    async def view(self) -> dict[str, Any]:
        url = f"/api/boards/{self.board['id']}?archived=true"
        view: dict[str, Any] = (await self.client.get(url, headers=self.headers)).json()
        return view

    async def columns(self) -> list[str]:
        return [column["id"] for column in (await self.view())["columns"]]

    async def doc(self) -> Doc:
        response = await self.client.get(
            f"/api/boards/{self.board['id']}/doc", headers=self.headers
        )
        doc: Doc = Doc()
        doc.apply_update(response.content)
        return doc


def pick(items: list[str], index: int) -> str | None:
    return items[index % len(items)] if items else None


async def run_rest(s: Session, op: tuple[Any, ...]) -> None:
    verb, columns, h = op[0], await s.columns(), s.headers
    card = pick(s.cards, op[1]) if verb != "add_column" else None
    if verb == "add_card" and columns:
        body = {"column_id": pick(columns, op[1]), "title": op[2].strip() or "x"}
        response = await s.client.post(f"/api/boards/{s.board['id']}/cards", json=body, headers=h)
        s.cards.append(response.json()["id"])
    elif verb == "move_card" and card and columns:
        body = {"column_id": pick(columns, op[2])}
        await s.client.post(f"/api/cards/{card}/move", json=body, headers=h)
    elif verb == "edit_card" and card:
        field_name = "title" if op[3] else "description"
        await s.client.patch(
            f"/api/cards/{card}", json={field_name: op[2].strip() or "x"}, headers=h
        )
    elif verb == "archive_card" and card:
        await s.client.patch(f"/api/cards/{card}", json={"archived": op[2]}, headers=h)
    elif verb == "delete_card" and card:
        await s.client.delete(f"/api/cards/{card}", headers=h)
    elif verb == "add_column":
        body = {"name": op[1].strip() or "x"}
        await s.client.post(f"/api/boards/{s.board['id']}/columns", json=body, headers=h)
    elif verb == "delete_column" and len(columns) > 1:
        doomed, target = pick(columns, op[1]), pick(columns, op[2])
        query = f"?move_cards_to={target}" if target != doomed else ""
        await s.client.delete(f"/api/columns/{doomed}{query}", headers=h)


async def run_raw(s: Session, op: tuple[Any, ...]) -> None:
    """Write straight into the document, as any Yjs client may; what breaks REST's rules must
    be refused (422) with nothing stored."""
    doc = await s.doc()
    cards, columns = doc.get("cards", type=Map), doc.get("columns", type=Map)
    column_ids, before = list(columns.keys()), doc.get_state()
    verb, card = op[0], pick(list(cards.keys()), op[1]) if op[0] != "raw_garbage_card" else None
    valid, new = True, None
    with doc.transaction():
        if verb == "raw_add_card":
            new = str(uuid.uuid4())
            cards[new] = Map(
                {
                    "title": op[2],
                    "description": Text("raw"),
                    "position": "V",
                    "column_id": pick(column_ids, op[1]),
                }
            )
            valid = bool(op[2].strip())
        elif verb == "raw_move_card" and card:
            cards[card]["column_id"] = pick(column_ids, op[2]) or "gone"
            cards[card]["position"] = op[3]
            valid = bool(column_ids)
        elif verb == "raw_retitle" and card:
            cards[card]["title"] = op[2]
            valid = isinstance(op[2], str) and bool(op[2].strip())
        elif verb == "raw_delete_card" and card:
            del cards[card]
        elif verb == "raw_delete_column" and column_ids:
            del columns[pick(column_ids, op[1])]  # its cards stay, with nowhere to be
        elif verb == "raw_garbage_card":
            key = str(uuid.uuid4()) if op[1] == "new-uuid" else op[1]
            cards[key] = Map({"title": ["not", "text"], "archived": "yes", "due": "soon"})
            valid = False
    stored_before = (await s.doc()).get_update()
    update = doc.get_update(before)
    response = await s.client.post(
        f"/api/boards/{s.board['id']}/doc", content=update, headers=s.headers
    )
    assert response.status_code == (200 if valid else 422), response.text
    if not valid:
        assert document_rows((await s.doc()).get_update()) == document_rows(stored_before)
    elif new is not None:
        s.cards.append(new)


async def projection(database: TestDatabase, board_id: str) -> tuple[list[Any], list[Any]]:
    conn = await asyncpg.connect(database.superuser)
    try:
        columns = await conn.fetch(
            "SELECT id, name, position, wip_limit FROM columns WHERE board_id = $1 "
            "ORDER BY position, id::text",
            uuid.UUID(board_id),
        )
        cards = await conn.fetch(
            "SELECT id, column_id, title, position, description, labels, assignee_ids, due, "
            "archived FROM cards WHERE board_id = $1 ORDER BY position, id::text",
            uuid.UUID(board_id),
        )
    finally:
        await conn.close()
    return [tuple(row) for row in columns], [tuple(row) for row in cards]


def document_rows(update: bytes) -> tuple[list[Any], list[Any]]:
    document = BoardDocument()
    document.apply_update(update)
    columns = [(c.id, c.name, c.position, c.wip_limit) for c in document.all_columns()]
    cards = [
        (
            c.id,
            c.column_id,
            c.title,
            c.position,
            c.description,
            list(c.labels),
            list(c.assignee_ids),
            c.due,
            c.archived,
        )
        for c in document.all_cards()
    ]
    return columns, cards


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(st.one_of(rest_ops, raw_ops), min_size=1, max_size=10))
async def test_projection_equals_document_and_survives_a_reload(
    client: httpx.AsyncClient,
    settings: Settings,
    database: TestDatabase,
    operations: list[tuple[Any, ...]],
) -> None:
    account = await sign_up(client)
    board = await create_board(client, await create_project(client, account), account)
    session = Session(client, account, board)
    for op in operations:
        await (run_raw if op[0].startswith("raw_") else run_rest)(session, op)

    live = (await client.get(f"/api/boards/{board['id']}/doc", headers=account.headers)).content
    assert await projection(database, board["id"]) == document_rows(live)
    # Another process (its own document cache) loads the document from storage.
    async with api_client(settings) as fresh:
        reloaded = await fresh.get(f"/api/boards/{board['id']}/doc", headers=account.headers)
    assert document_rows(reloaded.content) == document_rows(live)
