"""Comments: writers comment; only the author edits; the author, an owner or an admin deletes.
RLS holds the same line for the app role with direct SQL."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest

from tests.support.api import (
    Account,
    add_member,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)
from tests.support.databases import TestDatabase, as_superuser


@dataclass(frozen=True)
class Team:
    project: str
    card: str
    owner: Account
    admin: Account
    alice: Account  # a member
    bob: Account  # another member
    viewer: Account


@pytest.fixture
async def team(client: httpx.AsyncClient) -> Team:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    accounts = {}
    for name, role in [("Admin", "admin"), ("Alice", "member"), ("Bob", "member")]:
        accounts[name] = await sign_up(client, name)
        await add_member(client, project, owner, accounts[name], role)
    viewer = await sign_up(client, "Viewer")
    await add_member(client, project, owner, viewer, "viewer")
    card = await create_card(client, await create_board(client, project, owner), owner)
    return Team(
        project, card["id"], owner, accounts["Admin"], accounts["Alice"], accounts["Bob"], viewer
    )


async def _comment(
    client: httpx.AsyncClient, card: str, author: Account, body: str = "hello"
) -> dict[str, Any]:
    response = await client.post(
        f"/api/cards/{card}/comments", json={"body": body}, headers=author.headers
    )
    assert response.status_code == 201, response.text
    comment: dict[str, Any] = response.json()
    return comment


async def _bodies(client: httpx.AsyncClient, team: Team) -> list[str]:
    listed = await client.get(f"/api/cards/{team.card}/comments", headers=team.owner.headers)
    return [comment["body"] for comment in listed.json()]


async def _history(client: httpx.AsyncClient, team: Team) -> list[dict[str, Any]]:
    response = await client.get(f"/api/cards/{team.card}/history", headers=team.owner.headers)
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()
    return events


async def test_the_author_edits_and_the_comment_says_when(
    client: httpx.AsyncClient, team: Team
) -> None:
    comment = await _comment(client, team.card, team.alice, "frist")
    assert comment["edited_at"] is None
    url = f"/api/comments/{comment['id']}"
    edited = await client.patch(url, json={"body": "  first  "}, headers=team.alice.headers)
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert (body["id"], body["body"], body["author_id"]) == (comment["id"], "first", team.alice.id)
    assert body["author_name"] == "Alice"
    assert body["created_at"] == comment["created_at"]
    assert body["edited_at"] is not None
    assert body["edited_at"] >= body["created_at"]
    listed = (await client.get(f"/api/cards/{team.card}/comments", headers=team.bob.headers)).json()
    assert listed == [body]
    (event,) = [e for e in await _history(client, team) if e["action"] == "comment.edited"]
    assert (event["actor_id"], event["data"]) == (team.alice.id, {"comment_id": comment["id"]})


async def test_the_same_body_again_is_no_edit(client: httpx.AsyncClient, team: Team) -> None:
    comment = await _comment(client, team.card, team.alice, "unchanged")
    again = await client.patch(
        f"/api/comments/{comment['id']}", json={"body": "unchanged"}, headers=team.alice.headers
    )
    assert again.status_code == 200
    assert again.json() == comment
    assert "comment.edited" not in {e["action"] for e in await _history(client, team)}


@pytest.mark.parametrize("editor", ["owner", "admin", "bob"])
async def test_nobody_but_the_author_edits(
    client: httpx.AsyncClient, team: Team, editor: str
) -> None:
    comment = await _comment(client, team.card, team.alice, "mine")
    account: Account = getattr(team, editor)
    response = await client.patch(
        f"/api/comments/{comment['id']}", json={"body": "theirs"}, headers=account.headers
    )
    error = assert_error(response, 403, "forbidden")
    assert error["message"] == "Only the author of a comment can edit it."
    assert await _bodies(client, team) == ["mine"]


async def test_an_author_who_became_a_viewer_no_longer_edits(
    client: httpx.AsyncClient, team: Team
) -> None:
    comment = await _comment(client, team.card, team.alice, "before")
    demoted = await client.patch(
        f"/api/projects/{team.project}/members/{team.alice.id}",
        json={"role": "viewer"},
        headers=team.owner.headers,
    )
    assert demoted.status_code == 200
    url = f"/api/comments/{comment['id']}"
    edit = await client.patch(url, json={"body": "after"}, headers=team.alice.headers)
    assert_error(edit, 403, "forbidden")
    assert_error(await client.delete(url, headers=team.alice.headers), 403, "forbidden")
    assert await _bodies(client, team) == ["before"]


@pytest.mark.parametrize("remover", ["alice", "owner", "admin"])
async def test_the_author_an_owner_or_an_admin_deletes(
    client: httpx.AsyncClient, team: Team, remover: str
) -> None:
    comment = await _comment(client, team.card, team.alice, "to go")
    await _comment(client, team.card, team.bob, "to stay")
    account: Account = getattr(team, remover)
    response = await client.delete(f"/api/comments/{comment['id']}", headers=account.headers)
    assert response.status_code == 204, response.text
    assert await _bodies(client, team) == ["to stay"]
    (event,) = [e for e in await _history(client, team) if e["action"] == "comment.deleted"]
    assert event["actor_id"] == account.id
    assert event["data"] == {"comment_id": comment["id"], "author_id": team.alice.id}
    again = await client.delete(f"/api/comments/{comment['id']}", headers=account.headers)
    assert_error(again, 403, "forbidden")


@pytest.mark.parametrize("remover", ["bob", "viewer"])
async def test_other_members_and_viewers_do_not_delete(
    client: httpx.AsyncClient, team: Team, remover: str
) -> None:
    comment = await _comment(client, team.card, team.alice, "mine")
    account: Account = getattr(team, remover)
    response = await client.delete(f"/api/comments/{comment['id']}", headers=account.headers)
    error = assert_error(response, 403, "forbidden")
    if remover == "bob":  # a member may know the comment exists: told why
        assert "author" in error["message"]
        assert "admin" in error["message"]
    assert await _bodies(client, team) == ["mine"]


async def test_outsiders_and_unknown_ids_get_the_same_403(
    client: httpx.AsyncClient, team: Team
) -> None:
    comment = await _comment(client, team.card, team.alice)
    stranger = await sign_up(client, "Stranger")
    hidden = await client.delete(f"/api/comments/{comment['id']}", headers=stranger.headers)
    missing = await client.delete(
        "/api/comments/00000000-0000-4000-8000-000000000000", headers=stranger.headers
    )
    assert_error(hidden, 403, "forbidden")
    assert hidden.json() == missing.json()
    anonymous = await client.patch(f"/api/comments/{comment['id']}", json={"body": "x"})
    assert_error(anonymous, 401, "unauthorized")
    assert await _bodies(client, team) == ["hello"]


@pytest.mark.parametrize(
    "body", [{"body": "   "}, {"body": "a\u0000b"}, {"body": "x" * 10_001}, {}]
)
async def test_an_edit_needs_a_storable_body(
    client: httpx.AsyncClient, team: Team, body: dict[str, str]
) -> None:
    comment = await _comment(client, team.card, team.alice, "kept")
    response = await client.patch(
        f"/api/comments/{comment['id']}", json=body, headers=team.alice.headers
    )
    assert_error(response, 422, "validation_error")
    assert await _bodies(client, team) == ["kept"]


async def test_a_comment_nobody_here_wrote_is_edited_by_none_and_deleted_by_admins(
    client: httpx.AsyncClient, team: Team
) -> None:
    """Imported comments, and the sample board's, have only an author's name."""
    created = await client.post(
        f"/api/projects/{team.project}/boards",
        json={"name": "Sample", "template": "sample"},
        headers=team.alice.headers,
    )
    assert created.status_code == 201, created.text
    cards = [card for column in created.json()["columns"] for card in column["cards"]]
    card = next(card for card in cards if card["comment_count"])
    url = f"/api/cards/{card['id']}/comments"
    comment = (await client.get(url, headers=team.alice.headers)).json()[0]
    assert comment["author_id"] is None
    target = f"/api/comments/{comment['id']}"
    for account in (team.owner, team.alice):
        edit = await client.patch(target, json={"body": "mine now"}, headers=account.headers)
        assert_error(edit, 403, "forbidden")
    assert_error(await client.delete(target, headers=team.alice.headers), 403, "forbidden")
    assert (await client.delete(target, headers=team.admin.headers)).status_code == 204
    left = (await client.get(url, headers=team.alice.headers)).json()
    assert comment["id"] not in {c["id"] for c in left}


# -- the second wall: RLS, with the application bypassed ---------------------------------


@pytest.fixture
async def app_conn(database: TestDatabase) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(database.app)
    try:
        yield conn
    finally:
        await conn.close()


async def _as(conn: asyncpg.Connection, account: Account, statement: str, *args: object) -> str:
    """Run `statement` as projectflow_app acting for `account`, rolled back; its status."""
    transaction = conn.transaction()
    await transaction.start()
    try:
        await conn.execute("SELECT set_config('app.user_id', $1, true)", account.id)
        status: str = await conn.execute(statement, *args)
        return status
    finally:
        await transaction.rollback()


UPDATE = "UPDATE comments SET body = 'forged', edited_at = now() WHERE id = $1"
DELETE = "DELETE FROM comments WHERE id = $1"


async def test_rls_lets_only_the_author_update(
    client: httpx.AsyncClient, team: Team, app_conn: asyncpg.Connection
) -> None:
    comment = (await _comment(client, team.card, team.alice))["id"]
    for account in (team.owner, team.admin, team.bob, team.viewer):
        assert await _as(app_conn, account, UPDATE, comment) == "UPDATE 0"
    assert await _as(app_conn, team.alice, UPDATE, comment) == "UPDATE 1"


async def test_rls_lets_the_author_and_admins_delete(
    client: httpx.AsyncClient, team: Team, app_conn: asyncpg.Connection
) -> None:
    comment = (await _comment(client, team.card, team.alice))["id"]
    for account in (team.bob, team.viewer):
        assert await _as(app_conn, account, DELETE, comment) == "DELETE 0"
    for account in (team.alice, team.owner, team.admin):
        assert await _as(app_conn, account, DELETE, comment) == "DELETE 1"


async def test_an_author_changes_only_the_words(
    client: httpx.AsyncClient,
    team: Team,
    app_conn: asyncpg.Connection,
    database: TestDatabase,
) -> None:
    comment = (await _comment(client, team.card, team.alice))["id"]
    forgeries = [
        "UPDATE comments SET author_id = NULL, author_name = 'Someone' WHERE id = $1",
        "UPDATE comments SET created_at = now() - interval '1 year' WHERE id = $1",
        "UPDATE comments SET card_id = card_id WHERE id = $1",
    ]
    for forgery in forgeries:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await _as(app_conn, team.alice, forgery, comment)
    rows = await as_superuser(database, "SELECT body, edited_at FROM comments")
    assert [tuple(row) for row in rows] == [("hello", None)]
