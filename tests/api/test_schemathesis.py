"""Schemathesis against the real app over HTTP: nothing answers 5xx, every status is documented,
and every body and content type matches the OpenAPI document.

One server and database serve the module, with two signed-up accounts. Each operation gets a
world of its own in it: a fresh project of the owner's (whose token rides on every request) with
the teammate as a member, a board, a card with a comment and a subtask, and an invitation for
the owner (with its link's token); their ids stand in for the path parameters, so a deletion
cannot starve the operations after it. No operation is left out.
"""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import hypothesis
import pytest
import pytest_asyncio
import schemathesis
from schemathesis import Case

from projectflow.app import create_app
from projectflow.config import Settings
from tests.support.api import (
    PASSWORD,
    Account,
    add_checklist,
    add_member,
    create_board,
    create_card,
    create_project,
    invite,
    sign_up,
)
from tests.support.databases import Cluster, create_test_database, drop_database
from tests.support.jobs import delete_namespace
from tests.support.live import live_server

CONFIG: dict[str, Any] = {
    "checks": {
        "enabled": False,
        "not_a_server_error": {"enabled": True},
        "status_code_conformance": {"enabled": True},
        "response_schema_conformance": {"enabled": True},
        "content_type_conformance": {"enabled": True},
    },
    # Fuzzed cases per operation; the examples and coverage phases add a fixed set of their own.
    "generation": {"max-examples": 100},
}
STATEFUL_SCENARIOS = 50
STATEFUL_STEPS = 10
LOGOUT = "/api/auth/logout"
# Headers that frame the HTTP message itself: a fuzzed value (`Content-Length: gU0`) is refused
# by the HTTP server with a bare 400 before the application sees the request.
FRAMING_HEADERS = {"content-length", "transfer-encoding", "host", "connection", "upgrade"}


@dataclass(frozen=True)
class Api:
    base_url: str
    owner: Account
    teammate: Account
    logout_token: str  # logout revokes the token it is sent with: it gets one of its own

    def headers_for(self, case: Case) -> dict[str, str]:
        token = self.logout_token if case.operation.path == LOGOUT else self.owner.token
        return {"Authorization": f"Bearer {token}"}


@dataclass(frozen=True)
class World:
    """The real things an operation's path parameters name."""

    api: Api
    path_ids: dict[str, str]

    def use_real_ids(self, case: Case) -> None:
        """Put the world's ids where the case has well-formed ones (malformed ones stay: they
        test the 422s)."""
        for name, value in (case.path_parameters or {}).items():
            if name in self.path_ids and _is_well_formed(name, value):
                case.path_parameters[name] = self.path_ids[name]


def _is_well_formed(name: str, value: object) -> bool:
    if name == "token":  # an invitation link's: any string the route takes
        return isinstance(value, str) and 0 < len(value) <= 100 and "\x00" not in value
    if name == "name":  # a label's
        return isinstance(value, str) and bool(value.strip()) and len(value) <= 50
    return _is_uuid(value)


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# Module-scoped, unlike the conftest's `settings`: a database and server per operation would
# double the run time; each operation's `world` keeps its data apart instead.
@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def api(cluster: Cluster, nats_url: str, state_dir: Path) -> AsyncIterator[Api]:
    name = await create_test_database(cluster)
    database = cluster.database(name)
    settings = Settings(
        database_url=database.app,
        migration_database_url=database.owner,
        nats_url=nats_url,
        nats_namespace=name,
        data_dir=state_dir,
        db_pool_size=5,
        # Event streams end quickly, so that their cases finish (no worker runs the jobs).
        sse_heartbeat_seconds=0.05,
        sse_max_seconds=0.1,
    )
    try:
        with live_server(settings) as base_url:
            async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
                owner = await sign_up(client, "Owner")
                teammate = await sign_up(client, "Teammate")
                logout_token = await _log_in(client, owner)
            yield Api(base_url, owner, teammate, logout_token)
    finally:
        await delete_namespace(nats_url, name)
        await drop_database(cluster, name)


@pytest.fixture
async def world(api: Api) -> World:
    async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as client:
        return await _populate(client, api)


async def _populate(client: httpx.AsyncClient, api: Api) -> World:
    project_id = await create_project(client, api.owner)
    await add_member(client, project_id, api.owner, api.teammate, "member")
    # Addressed to the owner, so that accepting and declining it can succeed.
    elsewhere = await create_project(client, api.teammate, "Elsewhere")
    invitation = await invite(client, elsewhere, api.teammate, api.owner.email, "member")
    board = await create_board(client, project_id, api.owner)
    card = await create_card(client, board, api.owner)
    comment_id = await _comment(client, card["id"], api.owner)
    await create_card(client, board, api.owner, title="Step", parent_id=card["id"])
    checklist = await add_checklist(client, card["id"], api.owner, "Steps", ["one"])
    label = {"name": "bug", "color": "red"}
    await client.post(f"/api/projects/{project_id}/labels", json=label, headers=api.owner.headers)
    export = await client.post(f"/api/boards/{board['id']}/export", headers=api.owner.headers)
    assert export.status_code == 202, export.text
    run_id = await _ai_run(client, project_id, card["id"], api.owner)
    path_ids = {
        "run_id": run_id,
        "job_id": export.json()["job_id"],
        "project_id": project_id,
        "board_id": board["id"],
        "column_id": board["columns"][0]["id"],
        "card_id": card["id"],
        "user_id": api.teammate.id,
        "invitation_id": invitation["id"],
        "comment_id": comment_id,
        # The invitation's link, to accept it by (the owner joins the teammate's project).
        "token": invitation["token"],
        "checklist_id": checklist["id"],
        "item_id": checklist["items"][0]["id"],
        "name": "bug",
    }
    return World(api, path_ids)


async def _ai_run(client: httpx.AsyncClient, project_id: str, card_id: str, owner: Account) -> str:
    """A queued AI run (no worker runs it: it stays queued, and its proposal is never ready)."""
    ai = {"provider": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "m"}
    await client.put(f"/api/projects/{project_id}/ai/settings", json=ai, headers=owner.headers)
    response = await client.post(
        f"/api/cards/{card_id}/ai", json={"action": "draft"}, headers=owner.headers
    )
    assert response.status_code == 202, response.text
    run_id: str = response.json()["run_id"]
    return run_id


async def _comment(client: httpx.AsyncClient, card_id: str, author: Account) -> str:
    response = await client.post(
        f"/api/cards/{card_id}/comments", json={"body": "First!"}, headers=author.headers
    )
    assert response.status_code == 201, response.text
    comment_id: str = response.json()["id"]
    return comment_id


async def _log_in(client: httpx.AsyncClient, account: Account) -> str:
    response = await client.post(
        "/api/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


def _documented_schema() -> schemathesis.BaseSchema:
    """The document the API serves at /api/openapi.json (the app is not started for it)."""
    app = create_app(Settings(database_url="postgresql://unused", nats_url="nats://unused"))
    return schemathesis.openapi.from_dict(
        app.openapi(), config=schemathesis.Config.from_dict(CONFIG)
    )


schema = _documented_schema()


@schema.parametrize()
# The world is made once per operation, on purpose: its examples share it.
@hypothesis.settings(suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
def test_operation_conforms(case: Case, world: World) -> None:
    world.use_real_ids(case)
    if case.headers:
        case.headers = {k: v for k, v in case.headers.items() if k.lower() not in FRAMING_HEADERS}
    case.call_and_validate(base_url=world.api.base_url, headers=world.api.headers_for(case))


def test_workflows_conform(api: Api) -> None:
    """The stateful phase: call sequences along the links Schemathesis infers from the served
    document (a created project's id into its boards, a board's into its cards, ...)."""
    served = schemathesis.openapi.from_url(
        f"{api.base_url}/api/openapi.json", config=schemathesis.Config.from_dict(CONFIG)
    )

    class Workflow(served.as_state_machine()):
        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            return {"headers": api.headers_for(case)}

    settings = hypothesis.settings(
        max_examples=STATEFUL_SCENARIOS, stateful_step_count=STATEFUL_STEPS, deadline=None
    )
    Workflow.run(settings=settings)
