"""Bad input on every endpoint gets a 4xx in the one error shape, and changes nothing."""

from typing import Any

import httpx
import pytest

from tests.support.api import Account, assert_error, create_project, sign_up

# (method, path, a valid body): {project} and {user} are filled in per test.
JSON_ENDPOINTS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "POST",
        "/api/auth/signup",
        {"email": "new@example.com", "password": "long enough pw", "name": "N"},
    ),
    ("POST", "/api/auth/login", {"email": "new@example.com", "password": "long enough pw"}),
    ("POST", "/api/projects", {"name": "P"}),
    ("PATCH", "/api/projects/{project}", {"name": "P"}),
    ("POST", "/api/projects/{project}/members", {"email": "x@example.com", "role": "viewer"}),
    ("PATCH", "/api/projects/{project}/members/{user}", {"role": "viewer"}),
]
IDS = [f"{method} {path}" for method, path, _ in JSON_ENDPOINTS]


async def _setup(client: httpx.AsyncClient) -> tuple[Account, str]:
    owner = await sign_up(client)
    return owner, await create_project(client, owner)


async def _send(
    client: httpx.AsyncClient, method: str, path: str, owner: Account, project: str, **kwargs: Any
) -> httpx.Response:
    url = path.format(project=project, user=owner.id)
    return await client.request(
        method, url, headers={**owner.headers, **kwargs.pop("headers", {})}, **kwargs
    )


async def _audit_count(client: httpx.AsyncClient, owner: Account, project: str) -> int:
    response = await client.get(f"/api/projects/{project}/audit?limit=500", headers=owner.headers)
    return len(response.json()["events"])


@pytest.mark.parametrize(("method", "path", "body"), JSON_ENDPOINTS, ids=IDS)
async def test_malformed_json_is_400(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any]
) -> None:
    owner, project = await _setup(client)
    before = await _audit_count(client, owner, project)
    response = await _send(
        client,
        method,
        path,
        owner,
        project,
        content=b'{"name": "unterminated',
        headers={"content-type": "application/json"},
    )
    error = assert_error(response, 400, "malformed_json")
    assert "not valid JSON" in error["message"]
    assert await _audit_count(client, owner, project) == before


@pytest.mark.parametrize(("method", "path", "body"), JSON_ENDPOINTS, ids=IDS)
async def test_wrong_types_are_422_naming_the_field(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any]
) -> None:
    owner, project = await _setup(client)
    field = next(iter(body))
    response = await _send(client, method, path, owner, project, json={**body, field: 12345})
    error = assert_error(response, 422, "validation_error")
    assert field in [problem["field"] for problem in error["details"]]
    assert field in error["message"]


@pytest.mark.parametrize(("method", "path", "body"), JSON_ENDPOINTS, ids=IDS)
async def test_missing_fields_and_unknown_fields_are_422(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any]
) -> None:
    owner, project = await _setup(client)
    required = [name for name in body if not (method == "PATCH" and path.endswith("{project}"))]
    if required:
        response = await _send(client, method, path, owner, project, json={})
        error = assert_error(response, 422, "validation_error")
        assert {p["field"] for p in error["details"]} >= set(required)
    unknown = await _send(client, method, path, owner, project, json={**body, "surprise": 1})
    error = assert_error(unknown, 422, "validation_error")
    assert "surprise" in error["message"]


@pytest.mark.parametrize(("method", "path", "body"), JSON_ENDPOINTS, ids=IDS)
@pytest.mark.parametrize("chunked", [False, True])
async def test_oversized_bodies_are_413(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any], chunked: bool
) -> None:
    owner, project = await _setup(client)
    before = await _audit_count(client, owner, project)
    payload = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'

    async def stream() -> Any:
        for start in range(0, len(payload), 64 * 1024):
            yield payload[start : start + 64 * 1024]

    content: Any = stream() if chunked else payload
    response = await _send(
        client,
        method,
        path,
        owner,
        project,
        content=content,
        headers={"content-type": "application/json"},
    )
    error = assert_error(response, 413, "payload_too_large")
    assert error["details"] == {"max_bytes": 1024 * 1024}
    assert await _audit_count(client, owner, project) == before


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
async def test_unknown_routes_are_404(client: httpx.AsyncClient, method: str) -> None:
    response = await client.request(method, "/api/no-such-thing")
    error = assert_error(response, 404, "not_found")
    assert "/api/no-such-thing" in error["message"]


async def test_a_wrong_method_is_405(client: httpx.AsyncClient) -> None:
    assert_error(await client.put("/api/projects"), 405, "method_not_allowed")


async def test_a_malformed_id_is_422(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client)
    response = await client.get("/api/projects/not-a-uuid", headers=owner.headers)
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "path.project_id"


async def test_an_out_of_range_limit_is_422(client: httpx.AsyncClient) -> None:
    owner, project = await _setup(client)
    response = await client.get(f"/api/projects/{project}/audit?limit=0", headers=owner.headers)
    assert_error(response, 422, "validation_error")
