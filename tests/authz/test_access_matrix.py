"""Every route that reaches into a project (by project, board, column, card, comment, job or AI
run id), for every kind of outsider: 403 with one body, whether the id exists or not; viewers
change nothing."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from projectflow.app import create_app
from projectflow.config import Settings
from tests.support.api import (
    Account,
    add_checklist,
    add_member,
    create_board,
    create_card,
    create_project,
    invite,
    sign_up,
)

MUTATIONS = {"POST", "PATCH", "PUT", "DELETE"}
SCOPED = (
    "{project_id}",
    "{board_id}",
    "{column_id}",
    "{card_id}",
    "{comment_id}",
    "{job_id}",
    "{run_id}",
)
# Not changes to the project: queueing an export reads the board, as GET …/export does.
VIEWERS_MAY = {("POST", "/api/boards/{board_id}/export")}
EMPTY_YJS_UPDATE = b"\x00\x00"

# A valid body for each route that takes one, so a refusal is about access, not input.
BODIES: dict[tuple[str, str], Any] = {
    ("PATCH", "/api/projects/{project_id}"): {"name": "Renamed"},
    ("POST", "/api/projects/{project_id}/invitations"): {
        "email": "x@example.com",
        "role": "viewer",
    },
    ("PATCH", "/api/projects/{project_id}/members/{user_id}"): {"role": "viewer"},
    ("POST", "/api/projects/{project_id}/boards"): {"name": "B"},
    ("POST", "/api/projects/{project_id}/import"): {"name": "T", "lists": [], "cards": []},
    ("POST", "/api/projects/{project_id}/import/trello"): {"name": "T", "lists": [], "cards": []},
    ("POST", "/api/projects/{project_id}/import/csv"): b"title\nA card\n",
    ("POST", "/api/projects/{project_id}/import/json"): {
        "format": "projectflow.board",
        "version": 1,
        "board": {"name": "J", "columns": []},
    },
    ("POST", "/api/boards/{board_id}/doc"): EMPTY_YJS_UPDATE,
    ("POST", "/api/boards/{board_id}/columns"): {"name": "C"},
    ("POST", "/api/boards/{board_id}/cards"): {"column_id": "{column_id}", "title": "T"},
    ("PATCH", "/api/columns/{column_id}"): {"name": "C"},
    ("POST", "/api/columns/{column_id}/move"): {"after_column_id": "{other_column_id}"},
    ("PATCH", "/api/cards/{card_id}"): {"title": "T"},
    ("POST", "/api/cards/{card_id}/move"): {"column_id": "{column_id}"},
    ("POST", "/api/cards/{card_id}/comments"): {"body": "hello"},
    ("PATCH", "/api/comments/{comment_id}"): {"body": "edited"},
    ("PUT", "/api/projects/{project_id}/ai/settings"): {
        "provider": "openai",
        "base_url": "http://127.0.0.1:11434/v1",
        "model": "llama3.2",
    },
    ("PUT", "/api/projects/{project_id}/ai/budget"): {"monthly_limit_usd": "10"},
    ("PUT", "/api/cards/{card_id}/ai/budget"): {"limit_usd": "1"},
    ("POST", "/api/cards/{card_id}/ai"): {"action": "draft"},
    ("POST", "/api/ai/runs/{run_id}/apply"): {},
    ("POST", "/api/projects/{project_id}/labels"): {"name": "urgent"},
    ("PATCH", "/api/projects/{project_id}/labels/{name}"): {"color": "red"},
    ("POST", "/api/cards/{card_id}/checklists"): {"title": "Steps"},
    ("PATCH", "/api/cards/{card_id}/checklists/{checklist_id}"): {"title": "Steps"},
    ("POST", "/api/cards/{card_id}/checklists/{checklist_id}/items"): {"text": "one"},
    ("PATCH", "/api/cards/{card_id}/checklists/{checklist_id}/items/{item_id}"): {"done": True},
    ("POST", "/api/cards/{card_id}/checklists/{checklist_id}/items/{item_id}/move"): {},
    ("POST", "/api/cards/{card_id}/checklists/{checklist_id}/items/{item_id}/convert"): {},
    # No body: the route takes none.
    ("POST", "/api/boards/{board_id}/export"): None,
    ("POST", "/api/projects/{project_id}/invitations/{invitation_id}/link"): None,
    ("POST", "/api/jobs/{job_id}/cancel"): None,
    ("POST", "/api/jobs/{job_id}/retry"): None,
    ("POST", "/api/ai/runs/{run_id}/discard"): None,
}


def scoped_routes() -> list[tuple[str, str]]:
    """Read from the OpenAPI schema, so a new route joins the matrix by itself."""
    app = create_app(Settings(database_url="postgresql://unused", nats_url="nats://unused"))
    return sorted(
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if any(scope in path for scope in SCOPED)
        for method in operations
    )


ROUTES = scoped_routes()


@dataclass(frozen=True)
class World:
    owner: Account
    ids: dict[str, str]

    def fill(self, text: str, *, missing: bool = False) -> str:
        for name, value in self.ids.items():
            scope = "{" + name + "}"
            text = text.replace(scope, str(uuid.uuid4()) if missing and scope in SCOPED else value)
        return text

    def body(self, method: str, path: str) -> dict[str, Any]:
        body = BODIES.get((method, path))
        if isinstance(body, bytes):
            return {"content": body}
        if body is None:
            return {}
        filled = {k: self.fill(v) if isinstance(v, str) else v for k, v in body.items()}
        return {"json": filled}


@pytest.fixture
async def world(client: httpx.AsyncClient) -> World:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    board = await create_board(client, project, owner)
    card = await create_card(client, board, owner)
    invitation = await invite(client, project, owner, "invited@example.com", "member")
    comment = await client.post(
        f"/api/cards/{card['id']}/comments", json={"body": "hi"}, headers=owner.headers
    )
    export = await client.post(f"/api/boards/{board['id']}/export", headers=owner.headers)
    checklist = await add_checklist(client, card["id"], owner, "Steps", ["one"])
    await client.post(
        f"/api/projects/{project}/labels", json={"name": "bug"}, headers=owner.headers
    )
    ai = {"provider": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "m"}
    await client.put(f"/api/projects/{project}/ai/settings", json=ai, headers=owner.headers)
    run = await client.post(
        f"/api/cards/{card['id']}/ai", json={"action": "draft"}, headers=owner.headers
    )
    ids = {
        "run_id": run.json()["run_id"],
        "job_id": export.json()["job_id"],
        "project_id": project,
        "board_id": board["id"],
        "column_id": board["columns"][0]["id"],
        "other_column_id": board["columns"][1]["id"],
        "card_id": card["id"],
        "user_id": owner.id,
        "invitation_id": invitation["id"],
        "comment_id": comment.json()["id"],
        "checklist_id": checklist["id"],
        "item_id": checklist["items"][0]["id"],
        "name": "bug",
    }
    return World(owner, ids)


def test_the_matrix_sees_every_scope() -> None:
    assert ("GET", "/api/projects/{project_id}") in ROUTES
    assert ("DELETE", "/api/projects/{project_id}/members/{user_id}") in ROUTES
    assert ("POST", "/api/boards/{board_id}/doc") in ROUTES
    assert ("DELETE", "/api/columns/{column_id}") in ROUTES
    assert ("POST", "/api/cards/{card_id}/move") in ROUTES
    assert ("DELETE", "/api/projects/{project_id}/invitations/{invitation_id}") in ROUTES
    assert ("POST", "/api/jobs/{job_id}/cancel") in ROUTES
    assert ("PATCH", "/api/comments/{comment_id}") in ROUTES
    assert ("POST", "/api/ai/runs/{run_id}/apply") in ROUTES
    assert ("POST", "/api/projects/{project_id}/invitations/{invitation_id}/link") in ROUTES


def test_every_route_with_a_body_has_a_sample() -> None:
    needs_body = {(m, p) for m, p in ROUTES if m in {"POST", "PATCH", "PUT"}}
    assert needs_body <= BODIES.keys()


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_non_members_get_403_and_nonexistent_ids_the_same(
    client: httpx.AsyncClient, world: World, method: str, path: str
) -> None:
    stranger = await sign_up(client, "Stranger")
    body = world.body(method, path)
    hidden = await client.request(method, world.fill(path), headers=stranger.headers, **body)
    missing = await client.request(
        method, world.fill(path, missing=True), headers=stranger.headers, **body
    )
    assert hidden.status_code == 403, hidden.text
    assert hidden.json() == missing.json()
    assert hidden.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("method", "path"), [r for r in ROUTES if r[0] in MUTATIONS and r not in VIEWERS_MAY]
)
async def test_viewers_get_403_on_every_mutation(
    client: httpx.AsyncClient, world: World, method: str, path: str
) -> None:
    viewer = await sign_up(client, "Viewer")
    await add_member(client, world.ids["project_id"], world.owner, viewer, "viewer")
    before = (
        await client.get(f"/api/boards/{world.ids['board_id']}/doc", headers=world.owner.headers)
    ).content
    response = await client.request(
        method, world.fill(path), headers=viewer.headers, **world.body(method, path)
    )
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "forbidden"
    after = (
        await client.get(f"/api/boards/{world.ids['board_id']}/doc", headers=world.owner.headers)
    ).content
    assert after == before


@pytest.mark.parametrize(("method", "path"), sorted(VIEWERS_MAY))
async def test_viewers_may_do_what_only_reads(
    client: httpx.AsyncClient, world: World, method: str, path: str
) -> None:
    viewer = await sign_up(client, "Viewer")
    await add_member(client, world.ids["project_id"], world.owner, viewer, "viewer")
    response = await client.request(method, world.fill(path), headers=viewer.headers)
    assert response.status_code < 300, response.text
