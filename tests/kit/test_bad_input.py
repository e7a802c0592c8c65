"""Bad input on every endpoint gets a 4xx in the one error shape, and changes nothing."""

import json
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.api import (
    Account,
    assert_error,
    create_board,
    create_card,
    create_project,
    sign_up,
)

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
    ("POST", "/api/projects/{project}/invitations", {"email": "x@example.com", "role": "viewer"}),
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


# Text PostgreSQL cannot store, loosely typed values, nulls and out-of-range values: each is a 422
# naming the field, and changes nothing.


@dataclass(frozen=True)
class World:
    """A project with a board, and a card in the board's first column."""

    owner: Account
    project: str
    board: str
    column: str
    card: str

    def url(self, template: str) -> str:
        return template.format(
            project=self.project, board=self.board, column=self.column, card=self.card
        )

    def body(self, template: dict[str, Any]) -> dict[str, Any]:
        return {name: self.column if value is COLUMN else value for name, value in template.items()}


COLUMN = object()  # stands for the world's column id in a body


async def _world(client: httpx.AsyncClient) -> World:
    owner, project = await _setup(client)
    board = await create_board(client, project, owner)
    card = await create_card(client, board, owner)
    return World(owner, project, board["id"], board["columns"][0]["id"], card["id"])


async def _send_json(
    client: httpx.AsyncClient, method: str, url: str, body: dict[str, Any], account: Account
) -> httpx.Response:
    """`body` as JSON with \\u escapes: what a client sends for NUL or a lone surrogate."""
    headers = {**account.headers, "content-type": "application/json"}
    return await client.request(method, url, content=json.dumps(body), headers=headers)


def _fields(error: dict[str, Any]) -> list[str]:
    return [problem["field"] for problem in error["details"]]


CARD_TEXT = {"title": "T", "description": "D", "labels": ["L"]}
TEXT_FIELDS: list[tuple[str, str, dict[str, Any], list[str]]] = [
    (
        "POST",
        "/api/auth/signup",
        {"email": "new@example.com", "password": "long enough pw", "name": "N"},
        ["email", "password", "name"],
    ),
    (
        "POST",
        "/api/auth/login",
        {"email": "new@example.com", "password": "long enough pw"},
        ["email", "password"],
    ),
    ("POST", "/api/projects", {"name": "P", "description": "D"}, ["name", "description"]),
    (
        "PATCH",
        "/api/projects/{project}",
        {"name": "P", "description": "D"},
        ["name", "description"],
    ),
    (
        "POST",
        "/api/projects/{project}/invitations",
        {"email": "x@example.com", "role": "viewer"},
        ["email"],
    ),
    ("POST", "/api/projects/{project}/boards", {"name": "B"}, ["name"]),
    ("POST", "/api/boards/{board}/columns", {"name": "C"}, ["name"]),
    ("PATCH", "/api/columns/{column}", {"name": "C"}, ["name"]),
    (
        "POST",
        "/api/boards/{board}/cards",
        {"column_id": COLUMN, **CARD_TEXT},
        ["title", "description", "labels.0"],
    ),
    ("PATCH", "/api/cards/{card}", CARD_TEXT, ["title", "description", "labels.0"]),
    ("POST", "/api/cards/{card}/comments", {"body": "B"}, ["body"]),
]
UNSTORABLE = ["a\u0000b", "a\ud800b"]  # NUL: not in PostgreSQL text; a lone surrogate: not UTF-8


def _with(body: dict[str, Any], field: str, value: str) -> dict[str, Any]:
    """`body` with `field` ("name", or "labels.0" for a list's item) set to `value`."""
    name, _, index = field.partition(".")
    return {**body, name: [value] if index else value}


@pytest.mark.parametrize(
    ("method", "path", "body", "fields"),
    TEXT_FIELDS,
    ids=[f"{method} {path}" for method, path, _, _ in TEXT_FIELDS],
)
async def test_text_the_database_cannot_store_is_422_naming_the_field(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any], fields: list[str]
) -> None:
    world = await _world(client)
    before = await _audit_count(client, world.owner, world.project)
    for field in fields:
        for text in UNSTORABLE:
            bad = _with(world.body(body), field, text)
            response = await _send_json(client, method, world.url(path), bad, world.owner)
            error = assert_error(response, 422, "validation_error")
            assert _fields(error) == [field], (field, text)
            assert "must not contain" in error["message"]
    assert await _audit_count(client, world.owner, world.project) == before


async def test_query_parameters_and_headers_without_nul(client: httpx.AsyncClient) -> None:
    world = await _world(client)
    search = world.url("/api/boards/{board}/cards")
    for name in ["q", "label"]:
        response = await client.get(search, params={name: "a\x00b"}, headers=world.owner.headers)
        assert _fields(assert_error(response, 422, "validation_error")) == [f"query.{name}"]
    imported = await client.post(
        world.url("/api/projects/{project}/import/csv"),
        params={"board_name": "Sprint\x00"},
        content=b"title\nA card\n",
        headers=world.owner.headers,
    )
    assert _fields(assert_error(imported, 422, "validation_error")) == ["query.board_name"]
    synced = await client.post(
        world.url("/api/boards/{board}/doc"),
        content=EMPTY_YJS_UPDATE,
        headers={**world.owner.headers, "X-Yjs-Client-Id": "client\x00", "X-Yjs-Seq": "1"},
    )
    assert _fields(assert_error(synced, 422, "validation_error")) == ["header.X-Yjs-Client-Id"]


EMPTY_YJS_UPDATE = b"\x00\x00"  # no structs, an empty delete set: valid, changes nothing


@pytest.mark.parametrize("seq", ["-1", str(2**63), "1e3"])
async def test_a_yjs_seq_outside_bigint_is_422(client: httpx.AsyncClient, seq: str) -> None:
    world = await _world(client)
    response = await client.post(
        world.url("/api/boards/{board}/doc"),
        content=EMPTY_YJS_UPDATE,
        headers={**world.owner.headers, "X-Yjs-Client-Id": "client", "X-Yjs-Seq": seq},
    )
    assert _fields(assert_error(response, 422, "validation_error")) == ["header.X-Yjs-Seq"]


@pytest.mark.parametrize("seq", [2**31, 2**63 - 1])
async def test_a_yjs_seq_beyond_int32_is_stored(client: httpx.AsyncClient, seq: int) -> None:
    world = await _world(client)
    response = await client.post(
        world.url("/api/boards/{board}/doc"),
        content=EMPTY_YJS_UPDATE,
        headers={**world.owner.headers, "X-Yjs-Client-Id": "client", "X-Yjs-Seq": str(seq)},
    )
    assert response.status_code == 200, response.text
    assert response.json()["stored"] is True


LOOSE_VALUES: list[tuple[str, str, dict[str, Any], str]] = [
    ("POST", "/api/boards/{board}/columns", {"name": "C", "wip_limit": "5"}, "wip_limit"),
    ("PATCH", "/api/columns/{column}", {"wip_limit": 5.0}, "wip_limit"),
    ("PATCH", "/api/columns/{column}", {"wip_limit": True}, "wip_limit"),
    ("PATCH", "/api/cards/{card}", {"archived": "yes"}, "archived"),
    ("PATCH", "/api/cards/{card}", {"archived": 1}, "archived"),
    ("PATCH", "/api/cards/{card}", {"due": 0}, "due"),
    ("PATCH", "/api/cards/{card}", {"due": 1_767_225_600_000}, "due"),  # read as milliseconds
    ("PATCH", "/api/cards/{card}", {"due": "1767225600"}, "due"),
    (
        "POST",
        "/api/boards/{board}/cards",
        {"column_id": COLUMN, "title": "T", "override_wip": "true"},
        "override_wip",
    ),
    ("POST", "/api/cards/{card}/move", {"column_id": COLUMN, "override_wip": 1}, "override_wip"),
]


async def test_json_values_are_not_coerced(client: httpx.AsyncClient) -> None:
    world = await _world(client)
    card = world.url("/api/cards/{card}")
    before = (await client.get(card, headers=world.owner.headers)).json()
    audited = await _audit_count(client, world.owner, world.project)
    for method, path, body, field in LOOSE_VALUES:
        response = await _send_json(client, method, world.url(path), world.body(body), world.owner)
        assert _fields(assert_error(response, 422, "validation_error")) == [field], body
    assert (await client.get(card, headers=world.owner.headers)).json() == before
    assert await _audit_count(client, world.owner, world.project) == audited


NOT_NULL: list[tuple[str, str]] = [
    *[("/api/cards/{card}", field) for field in ["title", "description", "labels"]],
    *[("/api/cards/{card}", field) for field in ["assignee_ids", "archived", "override_wip"]],
    ("/api/columns/{column}", "name"),
    ("/api/projects/{project}", "name"),
    ("/api/projects/{project}", "description"),
]


async def test_null_in_a_patch_is_422_unless_the_field_is_nullable(
    client: httpx.AsyncClient,
) -> None:
    world = await _world(client)
    card = world.url("/api/cards/{card}")
    dated = await client.patch(card, json={"due": "2026-12-01"}, headers=world.owner.headers)
    assert dated.status_code == 200, dated.text
    audited = await _audit_count(client, world.owner, world.project)
    for path, field in NOT_NULL:
        response = await client.patch(
            world.url(path), json={field: None}, headers=world.owner.headers
        )
        error = assert_error(response, 422, "validation_error")
        assert _fields(error) == [field]
        if field != "override_wip":  # a flag with a default, not a card field: "not a boolean"
            assert "cannot be null" in error["message"]
    assert (await client.get(card, headers=world.owner.headers)).json() == dated.json()
    assert await _audit_count(client, world.owner, world.project) == audited
    cleared = await client.patch(card, json={"due": None}, headers=world.owner.headers)
    assert cleared.json()["due"] is None
    column = world.url("/api/columns/{column}")
    limited = await client.patch(column, json={"wip_limit": 3}, headers=world.owner.headers)
    assert limited.json()["wip_limit"] == 3
    unlimited = await client.patch(column, json={"wip_limit": None}, headers=world.owner.headers)
    assert unlimited.json()["wip_limit"] is None


OUT_OF_RANGE = [
    "0001-01-01T00:00:00+14:00",  # before year 1 in UTC: Python cannot even convert it
    "1899-12-31T23:59:59Z",
    "1900-01-01T08:59:59+09:00",
    "9999-12-31T23:00:00-05:00",  # after 9999 in UTC
]


async def test_dates_outside_1900_to_9999_are_422(client: httpx.AsyncClient) -> None:
    world = await _world(client)
    search = world.url("/api/boards/{board}/cards")
    for due in OUT_OF_RANGE:
        created = await client.post(
            world.url("/api/boards/{board}/cards"),
            json={"column_id": world.column, "title": "T", "due": due},
            headers=world.owner.headers,
        )
        assert _fields(assert_error(created, 422, "validation_error")) == ["due"], due
        patched = await client.patch(
            world.url("/api/cards/{card}"), json={"due": due}, headers=world.owner.headers
        )
        assert (
            "1900-01-01 and 9999-12-31" in assert_error(patched, 422, "validation_error")["message"]
        )
        for name in ["due_before", "due_after"]:
            found = await client.get(search, params={name: due}, headers=world.owner.headers)
            assert _fields(assert_error(found, 422, "validation_error")) == [f"query.{name}"]


@pytest.mark.parametrize(
    ("due", "stored"),
    [
        ("1900-01-01T09:00:00+09:00", "1900-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
        ("9999-12-31T18:59:59-05:00", "9999-12-31T23:59:59Z"),
    ],
)
async def test_dates_at_the_ends_of_the_range_are_stored_in_utc(
    client: httpx.AsyncClient, due: str, stored: str
) -> None:
    world = await _world(client)
    patched = await client.patch(
        world.url("/api/cards/{card}"), json={"due": due}, headers=world.owner.headers
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["due"] == stored
    found = await client.get(
        world.url("/api/boards/{board}/cards"),
        params={"due_before": "9999-12-31T23:59:59.5Z"},
        headers=world.owner.headers,
    )
    assert [card["id"] for card in found.json()] == [world.card]
