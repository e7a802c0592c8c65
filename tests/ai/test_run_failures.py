"""AI runs when the provider misbehaves or the person stops them: each ends with its documented
outcome, no job stays running, and the API key shows up nowhere but the provider's own request."""

import json
import logging
from typing import Any

import httpx
import pytest

from projectflow.config import Settings
from tests.support.ai_runs import configure, events, run_of, start, world
from tests.support.databases import TestDatabase, as_superuser
from tests.support.jobs import running_worker, wait_for_job
from tests.support.providers import FakeProvider, Refuse, Said, Stream, openai_frames

KEY = "sk-live-7hisIsTheSecretKeyOfTheProject0042"
ANSWER = Said(text=["A ", "draft."])


async def _outcome(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider, *answers: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Start a draft against `answers`; the job and the run once it ended."""
    owner, project, _, card = await world(http)
    await configure(http, owner, project, provider, api_key=KEY)
    provider.script(*answers)
    async with running_worker(settings):
        queued = await start(http, owner, card["id"], "draft")
        job = await wait_for_job(http, owner, queued["job_id"])
    return job, await run_of(http, owner, queued["run_id"])


async def test_a_refused_key_fails_the_run_at_once_with_a_clear_error(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    refused = Refuse(401, {"error": {"message": f"Incorrect API key provided: {KEY}"}})
    job, run = await _outcome(http, settings, provider, refused)
    assert (job["status"], run["status"]) == ("failed", "failed")
    assert "refused the API key (401)" in job["error"]
    assert run["error"] == job["error"]
    assert KEY not in job["error"]
    assert len(provider.requests) == 1, "a refused key is not retried"


async def test_a_rate_limit_is_waited_out_and_the_run_succeeds(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    limited = Refuse(429, {"error": {"message": "slow down"}}, {"Retry-After": "0.2"})
    job, run = await _outcome(http, settings, provider, limited, Stream(openai_frames(ANSWER)))
    assert (job["status"], run["status"]) == ("succeeded", "proposed")
    assert len(provider.requests) == 2
    assert run["proposal"][0]["args"]["description"] == "A draft."


async def test_a_malformed_stream_fails_the_run(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    broken = Stream(["data: {this is not json\n\n"])
    job, run = await _outcome(http, settings, provider, broken)
    assert (job["status"], run["status"]) == ("failed", "failed")
    assert job["error"]


async def test_a_provider_that_hangs_mid_stream_times_out(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    patient = settings.model_copy(update={"ai_idle_seconds": 1.0})
    hanging = Stream(openai_frames(ANSWER), stall_after=2)
    job, run = await _outcome(http, patient, provider, hanging)
    assert (job["status"], run["status"]) == ("failed", "failed")
    assert "1 s" in job["error"] or "stopped sending" in job["error"], job["error"]
    # The call's usage is counted from what arrived, and the run holds no reservation.
    assert run["input_tokens"] > 0


async def _stopped(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider, answer: Stream
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Start a draft against `answer` and stop it once the provider has the request; the job
    and the run once it ended."""
    owner, project, _, card = await world(http)
    await configure(http, owner, project, provider)
    provider.script(answer)
    async with running_worker(settings):
        queued = await start(http, owner, card["id"], "draft")
        await provider.requested()
        cancel = await http.post(f"/api/jobs/{queued['job_id']}/cancel", headers=owner.headers)
        assert cancel.status_code == 200, cancel.text
        job = await wait_for_job(http, owner, queued["job_id"], seconds=30)
    return job, await run_of(http, owner, queued["run_id"])


async def test_stopping_a_run_cancels_it_mid_stream(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    streaming = Stream(openai_frames(Said(text=["word "] * 300)), pace=0.1)
    job, run = await _stopped(http, settings, provider, streaming)
    assert (job["status"], run["status"]) == ("cancelled", "cancelled")
    assert run["proposal"] == []


async def test_stopping_a_run_whose_provider_went_quiet_ends_it_at_once(
    http: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    """No token comes to look for the cancel at, and the provider would be given ten minutes:
    the cancel's signal ends the wait."""
    patient = settings.model_copy(update={"ai_idle_seconds": 600.0})
    quiet = Stream(openai_frames(ANSWER), stall_after=2)
    job, run = await _stopped(http, patient, provider, quiet)
    assert (job["status"], run["status"]) == ("cancelled", "cancelled")
    # What came before the silence was paid for.
    assert run["input_tokens"] > 0


async def test_the_api_key_is_in_no_response_log_line_audit_row_or_job_event(
    http: httpx.AsyncClient,
    settings: Settings,
    provider: FakeProvider,
    database: TestDatabase,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    owner, project, _, card = await world(http)
    await configure(http, owner, project, provider, api_key=KEY)
    echoed = Refuse(401, {"error": {"message": f"Incorrect API key provided: {KEY}."}})
    provider.script(Stream(openai_frames(ANSWER)), echoed)
    seen: list[str] = []
    async with running_worker(settings):
        for _ in range(2):
            queued = await start(http, owner, card["id"], "draft")
            stream = await events(http, owner, queued["job_id"])
            seen.append(json.dumps([event.data for event in stream]))
            seen.append(
                (await http.get(f"/api/jobs/{queued['job_id']}", headers=owner.headers)).text
            )
    for path in (
        f"/api/cards/{card['id']}/ai/runs",
        f"/api/projects/{project}/ai/settings",
        f"/api/projects/{project}/ai/usage",
        f"/api/projects/{project}/audit",
        f"/api/projects/{project}/jobs",
    ):
        response = await http.get(path, headers=owner.headers)
        assert response.status_code == 200, path
        seen.append(response.text)
    for table in ("audit_outbox", "jobs", "ai_runs", "ai_usage", "ai_settings"):
        seen += [str(row) for row in await as_superuser(database, f"SELECT * FROM {table}")]
    seen.append(caplog.text)
    assert [text for text in seen if KEY in text or KEY[-12:] in text] == []
    # It was used, where it belongs: in the provider's own request.
    assert provider.requests[0]["headers"]["authorization"] == f"Bearer {KEY}"
