"""Every project route, for every kind of outsider: 403 with one body, whatever the id."""

import uuid
from typing import Any

import httpx
import pytest

from projectflow.app import create_app
from projectflow.config import Settings
from tests.support.api import Account, add_member, create_project, sign_up

MUTATIONS = {"POST", "PATCH", "PUT", "DELETE"}

# A valid body for each project route that takes one, so a refusal is about access, not input.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PATCH", "/api/projects/{project_id}"): {"name": "Renamed"},
    ("POST", "/api/projects/{project_id}/members"): {"email": "x@example.com", "role": "viewer"},
    ("PATCH", "/api/projects/{project_id}/members/{user_id}"): {"role": "viewer"},
}


def project_routes() -> list[tuple[str, str]]:
    """Read from the OpenAPI schema, so a new project route joins the matrix by itself."""
    app = create_app(Settings(database_url="postgresql://unused", nats_url="nats://unused"))
    paths = app.openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        if "{project_id}" in path
        for method in operations
    )


ROUTES = project_routes()


def test_the_matrix_sees_the_project_routes() -> None:
    assert ("GET", "/api/projects/{project_id}") in ROUTES
    assert ("DELETE", "/api/projects/{project_id}/members/{user_id}") in ROUTES


def test_every_project_route_with_a_body_has_a_sample() -> None:
    needs_body = {(m, p) for m, p in ROUTES if m in {"POST", "PATCH", "PUT"}}
    assert needs_body <= BODIES.keys()


async def _call(
    client: httpx.AsyncClient, method: str, path: str, project: str, user_id: str, caller: Account
) -> httpx.Response:
    url = path.replace("{project_id}", project).replace("{user_id}", user_id)
    return await client.request(
        method, url, json=BODIES.get((method, path)), headers=caller.headers
    )


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_non_members_get_403_and_nonexistent_ids_the_same(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    owner, stranger = await sign_up(client, "Owner"), await sign_up(client, "Stranger")
    project = await create_project(client, owner)
    hidden = await _call(client, method, path, project, owner.id, stranger)
    missing = await _call(client, method, path, str(uuid.uuid4()), owner.id, stranger)
    assert hidden.status_code == 403, hidden.text
    assert hidden.json() == missing.json()
    assert hidden.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r[0] in MUTATIONS])
async def test_viewers_get_403_on_every_mutation(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    owner, viewer = await sign_up(client, "Owner"), await sign_up(client, "Viewer")
    project = await create_project(client, owner)
    await add_member(client, project, owner, viewer, "viewer")
    response = await _call(client, method, path, project, owner.id, viewer)
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "forbidden"
