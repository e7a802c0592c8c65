"""AI runs in tests: a project with a card and a provider configured, starting runs and
reading what they streamed."""

from typing import Any

import httpx

from tests.support.api import Account, create_board, create_card, create_project, sign_up
from tests.support.jobs import Event, read_events
from tests.support.providers import FakeProvider


async def configure(
    http: httpx.AsyncClient,
    owner: Account,
    project: str,
    provider: FakeProvider,
    *,
    protocol: str = "openai",
    **more: Any,
) -> None:
    base = provider.openai_base if protocol == "openai" else provider.url
    body = {"provider": protocol, "base_url": base, "model": "test-model", "api_key": "sk-test"}
    response = await http.put(
        f"/api/projects/{project}/ai/settings", json=body | more, headers=owner.headers
    )
    assert response.status_code == 200, response.text


async def start(
    http: httpx.AsyncClient, account: Account, card_id: str, action: str, **more: Any
) -> dict[str, Any]:
    response = await http.post(
        f"/api/cards/{card_id}/ai", json={"action": action} | more, headers=account.headers
    )
    assert response.status_code == 202, response.text
    queued: dict[str, Any] = response.json()
    assert queued["status"] == "queued"
    return queued


async def events(http: httpx.AsyncClient, account: Account, job_id: str) -> list[Event]:
    async with http.stream("GET", f"/api/jobs/{job_id}/events", headers=account.headers) as got:
        assert got.status_code == 200
        return await read_events(got)


def partials(stream: list[Event], kind: str) -> list[dict[str, Any]]:
    return [
        e.data["data"] for e in stream if e.event == "partial" and e.data["data"]["kind"] == kind
    ]


async def run_of(http: httpx.AsyncClient, account: Account, run_id: str) -> dict[str, Any]:
    response = await http.get(f"/api/ai/runs/{run_id}", headers=account.headers)
    assert response.status_code == 200, response.text
    run: dict[str, Any] = response.json()
    return run


async def world(http: httpx.AsyncClient) -> tuple[Account, str, dict[str, Any], dict[str, Any]]:
    owner = await sign_up(http, "Owner")
    project = await create_project(http, owner)
    board = await create_board(http, project, owner)
    card = await create_card(http, board, owner, title="Sign-up API")
    return owner, project, board, card
