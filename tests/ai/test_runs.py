"""AI runs on cards, end to end: the API queues a run, a real worker runs the agent loop against
a local HTTP server speaking the provider's wire protocol, and the changes land through the
board's write path (projection, Yjs document, audit) — at once or once approved."""

import json
from typing import Any

import httpx
import pytest
from pycrdt import Doc, Map

from projectflow.config import Settings
from tests.support.ai_runs import configure, events, partials, run_of, start, world
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
from tests.support.jobs import running_worker, wait_for_job
from tests.support.providers import (
    FakeProvider,
    Said,
    Stream,
    anthropic_frames,
    openai_frames,
)

SUBTASKS = ("Write the schema", "Build the endpoint", "Test it")


def breakdown_answers(protocol: str) -> list[Stream]:
    frames = openai_frames if protocol == "openai" else anthropic_frames
    calls = [
        (f"call_{n}", "create_subtask", ['{"title": ', json.dumps(title), "}"])
        for n, title in enumerate(SUBTASKS)
    ]
    return [
        Stream(frames(Said(text=["Let me ", "split it."], tool_calls=calls))),
        Stream(frames(Said(text=["Proposed ", "three subtasks."], input_tokens=40))),
    ]


async def cards_on(
    http: httpx.AsyncClient, account: Account, board_id: str
) -> list[dict[str, Any]]:
    board = (await http.get(f"/api/boards/{board_id}", headers=account.headers)).json()
    return [card for column in board["columns"] for card in column["cards"]]


async def document_titles(http: httpx.AsyncClient, account: Account, board_id: str) -> set[str]:
    response = await http.get(f"/api/boards/{board_id}/doc", headers=account.headers)
    doc = Doc()
    doc.apply_update(response.content)
    cards = doc.get("cards", type=Map)
    return {str(entry["title"]) for entry in cards.values()}


async def test_breakdown_with_auto_apply_streams_and_creates_linked_subtasks(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider, database: TestDatabase
) -> None:
    owner, project, board, card = await world(http)
    await configure(
        http, owner, project, provider, input_price_per_mtok="3", output_price_per_mtok="15"
    )
    provider.script(*breakdown_answers("openai"))
    async with running_worker(settings):
        queued = await start(http, owner, card["id"], "breakdown", auto_apply=True)
        stream = await events(http, owner, queued["job_id"])
    assert stream[-1].event == "succeeded", stream[-1].data
    assert "".join(p["text"] for p in partials(stream, "text")) == (
        "Let me split it.Proposed three subtasks."
    )
    assert [p["name"] for p in partials(stream, "tool_call")] == ["create_subtask"] * 3
    assert all(p["ok"] for p in partials(stream, "tool_result"))
    subtasks = [c for c in await cards_on(http, owner, board["id"]) if c["parent_id"] == card["id"]]
    assert sorted(c["title"] for c in subtasks) == sorted(SUBTASKS)
    assert set(SUBTASKS) <= await document_titles(http, owner, board["id"])
    run = await run_of(http, owner, queued["run_id"])
    assert run["status"] == "applied"
    assert [item["status"] for item in run["proposal"]] == ["applied"] * 3
    # The ledger holds what the provider reported, call by call, and prices it.
    ledger = await as_superuser(
        database, "SELECT input_tokens, output_tokens, cost_usd, estimated FROM ai_usage"
    )
    assert [(r["input_tokens"], r["output_tokens"], r["estimated"]) for r in ledger] == [
        (12, 34, False),
        (40, 34, False),
    ]
    expected = (52 * 3 + 68 * 15) / 1_000_000
    assert float(sum(r["cost_usd"] for r in ledger)) == pytest.approx(expected)
    assert (run["input_tokens"], run["output_tokens"]) == (52, 68)
    assert float(run["cost_usd"]) == pytest.approx(expected)
    # Each new card is audited as its creator's, via the run.
    created = await as_superuser(
        database,
        "SELECT actor_id, data FROM audit_outbox WHERE action = 'card.created' "
        "AND data->>'via' IS NOT NULL",
    )
    assert len(created) == 3
    assert {str(r["actor_id"]) for r in created} == {owner.id}
    assert {json.loads(r["data"])["via"] for r in created} == {f"ai_run:{queued['run_id']}"}
    # The request the provider saw carried the card and the action's tools.
    first = provider.requests[0]["body"]
    assert "Sign-up API" in first["messages"][1]["content"]
    assert "create_subtask" in {tool["function"]["name"] for tool in first["tools"]}


async def test_without_auto_apply_nothing_changes_until_approved_and_some_items_can_be_left(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    owner, project, board, card = await world(http)
    await configure(http, owner, project, provider, protocol="anthropic")
    provider.script(*breakdown_answers("anthropic"))
    async with running_worker(settings):
        queued = await start(http, owner, card["id"], "breakdown")
        stream = await events(http, owner, queued["job_id"])
    assert stream[-1].event == "succeeded"
    assert stream[-1].data["result"]["status"] == "proposed"
    assert len(await cards_on(http, owner, board["id"])) == 1
    run = await run_of(http, owner, queued["run_id"])
    assert run["status"] == "proposed"
    assert [item["summary"] for item in run["proposal"]] == [
        f"Create subtask “{title}”" for title in SUBTASKS
    ]
    applied = await http.post(
        f"/api/ai/runs/{run['id']}/apply", json={"items": [0, 2]}, headers=owner.headers
    )
    assert applied.status_code == 200, applied.text
    assert [item["status"] for item in applied.json()["proposal"]] == [
        "applied",
        "discarded",
        "applied",
    ]
    titles = {c["title"] for c in await cards_on(http, owner, board["id"])}
    assert titles == {"Sign-up API", SUBTASKS[0], SUBTASKS[2]}
    again = await http.post(f"/api/ai/runs/{run['id']}/apply", headers=owner.headers)
    assert_error(again, 409, "conflict")
    listed = await http.get(f"/api/cards/{card['id']}/ai/runs", headers=owner.headers)
    assert [r["status"] for r in listed.json()] == ["applied"]


async def test_a_draft_answered_in_text_becomes_a_description_to_approve_or_discard(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    owner, project, _, card = await world(http)
    await configure(http, owner, project, provider)
    draft = ["Let people sign up.\n\n", "## Acceptance criteria\n", "- [ ] 201 on success"]
    provider.script(
        Stream(openai_frames(Said(text=draft))), Stream(openai_frames(Said(text=draft)))
    )
    async with running_worker(settings):
        first = await start(http, owner, card["id"], "draft")
        await wait_for_job(http, owner, first["job_id"])
        second = await start(http, owner, card["id"], "draft")
        await wait_for_job(http, owner, second["job_id"])
    discarded = await http.post(f"/api/ai/runs/{first['run_id']}/discard", headers=owner.headers)
    assert discarded.json()["status"] == "discarded"
    applied = await http.post(f"/api/ai/runs/{second['run_id']}/apply", headers=owner.headers)
    assert applied.json()["status"] == "applied"
    now = (await http.get(f"/api/cards/{card['id']}", headers=owner.headers)).json()
    assert now["description"] == "".join(draft)


async def test_who_may_start_runs_and_what_without_a_provider(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    owner, project, _, card = await world(http)
    viewer = await sign_up(http, "Viewer")
    await add_member(http, project, owner, viewer, "viewer")
    url = f"/api/cards/{card['id']}/ai"
    missing = await http.post(url, json={"action": "draft"}, headers=owner.headers)
    error = assert_error(missing, 409, "ai_not_configured")
    assert "AI settings" in error["message"]
    await configure(http, owner, project, provider)
    refused = await http.post(url, json={"action": "draft"}, headers=viewer.headers)
    assert_error(refused, 403, "forbidden")
    vague = await http.post(
        url, json={"action": "custom", "instructions": " "}, headers=owner.headers
    )
    assert_error(vague, 422, "validation_error")
    assert provider.requests == []
    runs = await http.get(f"/api/cards/{card['id']}/ai/runs", headers=viewer.headers)
    assert runs.status_code == 200
    assert runs.json() == []


async def test_a_member_removed_mid_run_cannot_write_afterwards(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    owner, project, board, card = await world(http)
    member = await sign_up(http, "Member")
    await add_member(http, project, owner, member, "member")
    await configure(http, owner, project, provider)
    call = [("call_1", "create_subtask", ['{"title": "Too late"}'])]
    text = [f"word {n} " for n in range(20)]
    provider.script(Stream(openai_frames(Said(text=text, tool_calls=call)), pace=0.1))
    async with running_worker(settings):
        queued = await start(http, member, card["id"], "breakdown", auto_apply=True)
        await provider.requested()  # the run is streaming its first answer
        removed = await http.delete(
            f"/api/projects/{project}/members/{member.id}", headers=owner.headers
        )
        assert removed.status_code == 204, removed.text
        job = await wait_for_job(http, owner, queued["job_id"])
    assert job["status"] == "failed"
    assert [c["title"] for c in await cards_on(http, owner, board["id"])] == ["Sign-up API"]
    run = await run_of(http, owner, queued["run_id"])
    assert run["status"] == "failed"
    assert len(provider.requests) == 1, "no provider call after the member left"


async def test_a_tool_asked_for_another_projects_card_gets_nothing(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    owner, project, _, card = await world(http)
    elsewhere = await create_project(http, owner, "Secret project")
    secret_board = await create_board(http, elsewhere, owner)
    secret = await create_card(http, secret_board, owner, title="Acquisition of Initech")
    await configure(http, owner, project, provider)
    read = [("call_1", "read_card", [json.dumps({"card_id": secret["id"]})])]
    provider.script(
        Stream(openai_frames(Said(tool_calls=read))),
        Stream(openai_frames(Said(text=["Nothing there."]))),
    )
    async with running_worker(settings):
        queued = await start(http, owner, card["id"], "summarize")
        stream = await events(http, owner, queued["job_id"])
    [result] = partials(stream, "tool_result")
    assert result["ok"] is False
    answered = json.dumps(provider.requests[1]["body"]["messages"])
    assert "Initech" not in answered
    assert "Nothing with that id exists in this project." in answered


async def test_a_per_run_cap_below_the_estimate_is_402_before_any_provider_call(
    http: httpx.AsyncClient, provider: FakeProvider, database: TestDatabase
) -> None:
    owner, project, _, card = await world(http)
    await configure(http, owner, project, provider, output_price_per_mtok="10")
    budget = await http.put(
        f"/api/projects/{project}/ai/budget",
        json={"per_run_limit_usd": "0.0010", "monthly_limit_usd": "50"},
        headers=owner.headers,
    )
    assert budget.status_code == 200, budget.text
    refused = await http.post(
        f"/api/cards/{card['id']}/ai", json={"action": "draft"}, headers=owner.headers
    )
    error = assert_error(refused, 402, "budget_exceeded")
    assert error["details"]["budget"] == "per_run"
    assert error["details"]["limit_usd"] == "0.0010"
    assert float(error["details"]["estimate_usd"]) > 0.001
    assert "per-run" in error["message"]
    assert provider.requests == []
    jobs = await as_superuser(database, "SELECT count(*) AS n FROM jobs")
    assert jobs[0]["n"] == 0
    audited = await as_superuser(
        database, "SELECT data FROM audit_outbox WHERE action = 'ai.budget_updated'"
    )
    assert json.loads(audited[0]["data"])["after"]["per_run_limit_usd"] == "0.0010"


async def test_a_stream_crossing_the_monthly_budget_is_cut_and_the_run_ends_budget_exceeded(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider, database: TestDatabase
) -> None:
    owner, project, board, card = await world(http)
    # $1 per million output tokens: each 4,000-character piece costs $0.001.
    await configure(http, owner, project, provider, output_price_per_mtok="1")
    await http.put(
        f"/api/projects/{project}/ai/budget",
        json={"monthly_limit_usd": "0.0100"},
        headers=owner.headers,
    )
    provider.script(Stream(openai_frames(Said(text=["x" * 4000] * 40)), pace=0.01))
    async with running_worker(settings):
        queued = await start(http, owner, card["id"], "draft", auto_apply=True)
        stream = await events(http, owner, queued["job_id"])
    assert stream[-1].event == "failed"
    assert "monthly AI budget" in stream[-1].data["error"]
    pieces = partials(stream, "text")
    assert 8 <= len(pieces) < 40, "cut before the end of the stream"
    [warning] = partials(stream, "budget_warning")
    assert warning["budget"] == "monthly"
    run = await run_of(http, owner, queued["run_id"])
    assert run["status"] == "budget_exceeded"
    assert run["proposal"] == []
    [spent] = await as_superuser(database, "SELECT cost_usd, estimated FROM ai_usage")
    assert spent["estimated"] is True
    assert 0.01 <= float(spent["cost_usd"]) <= 0.0115
    assert [c["title"] for c in await cards_on(http, owner, board["id"])] == ["Sign-up API"]
    usage = (await http.get(f"/api/projects/{project}/ai/usage", headers=owner.headers)).json()
    assert usage["month"]["spent_usd"] == run["cost_usd"]
    assert usage["cards"][0]["card_id"] == card["id"]
    assert usage["monthly_limit_usd"] == "0.0100"


async def test_a_run_whose_budget_ran_out_while_it_was_queued_ends_before_any_provider_call(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    owner, project, _, card = await world(http)
    # $100 per million input tokens: the request alone costs more than $0.001.
    await configure(http, owner, project, provider, input_price_per_mtok="100")
    queued = await start(http, owner, card["id"], "draft")
    tight = await http.put(
        f"/api/cards/{card['id']}/ai/budget", json={"limit_usd": "0.001"}, headers=owner.headers
    )
    assert tight.status_code == 200, tight.text
    async with running_worker(settings):
        job = await wait_for_job(http, owner, queued["job_id"])
    assert job["status"] == "failed"
    assert "card's AI budget" in job["error"], job["error"]
    run = await run_of(http, owner, queued["run_id"])
    assert (run["status"], run["error"]) == ("budget_exceeded", job["error"])
    assert provider.requests == []


async def test_a_card_budget_is_set_by_admins_and_refuses_runs_past_it(
    http: httpx.AsyncClient, provider: FakeProvider
) -> None:
    owner, project, _, card = await world(http)
    member = await sign_up(http, "Member")
    await add_member(http, project, owner, member, "member")
    await configure(http, owner, project, provider, output_price_per_mtok="10")
    url = f"/api/cards/{card['id']}/ai/budget"
    denied = await http.put(url, json={"limit_usd": "5"}, headers=member.headers)
    assert_error(denied, 403, "forbidden")
    bad = await http.put(url, json={"limit_usd": "-1"}, headers=owner.headers)
    assert_error(bad, 422, "validation_error")
    tight = await http.put(url, json={"limit_usd": "0.001"}, headers=owner.headers)
    assert tight.json() == {"card_id": card["id"], "limit_usd": "0.0010", "spent_usd": "0"}
    refused = await http.post(
        f"/api/cards/{card['id']}/ai", json={"action": "draft"}, headers=member.headers
    )
    assert assert_error(refused, 402, "budget_exceeded")["details"]["budget"] == "card"
    cleared = await http.put(url, json={"limit_usd": None}, headers=owner.headers)
    assert cleared.json()["limit_usd"] is None


async def test_an_item_whose_card_is_gone_is_refused_and_the_rest_can_still_be_applied(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    owner, project, board, card = await world(http)
    other = await create_card(http, board, owner, title="Soon gone")
    await configure(http, owner, project, provider)
    calls = [
        ("call_1", "add_comment", [json.dumps({"card_id": other["id"], "body": "Linked."})]),
        ("call_2", "add_comment", [json.dumps({"body": "Done here."})]),
    ]
    provider.script(
        Stream(openai_frames(Said(tool_calls=calls))), Stream(openai_frames(Said(text=["Ok."])))
    )
    async with running_worker(settings):
        queued = await start(http, owner, card["id"], "custom", instructions="Comment on both")
        await wait_for_job(http, owner, queued["job_id"])
    await http.delete(f"/api/cards/{other['id']}", headers=owner.headers)
    url = f"/api/ai/runs/{queued['run_id']}/apply"
    refused = await http.post(url, headers=owner.headers)
    assert assert_error(refused, 409, "conflict")["details"] == {"item": 0}
    assert (await run_of(http, owner, queued["run_id"]))["status"] == "proposed"
    applied = await http.post(url, json={"items": [1]}, headers=owner.headers)
    assert applied.status_code == 200, applied.text
    comments = await http.get(f"/api/cards/{card['id']}/comments", headers=owner.headers)
    assert [c["body"] for c in comments.json()] == ["Done here."]
