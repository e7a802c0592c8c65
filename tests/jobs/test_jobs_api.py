"""Jobs through the API with a real worker (in-process) on real NATS and PostgreSQL."""

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import Account, add_member, board_ids, create_board, create_project, sign_up
from tests.support.app import api_client
from tests.support.databases import TestDatabase, as_superuser
from tests.support.jobs import job_queue, running_worker, wait_for_job, wait_for_status

CSV = b"title,column,labels\nWrite the spec,To do,docs\nShip it,Done,\n"


async def _import_async(
    client: httpx.AsyncClient, account: Account, project: str, body: bytes = CSV, **headers: str
) -> httpx.Response:
    return await client.post(
        f"/api/projects/{project}/import/csv",
        params={"board_name": "Imported", "async": "true"},
        content=body,
        headers=account.headers | {"Content-Type": "text/csv"} | headers,
    )


async def test_an_import_queued_as_a_job_creates_the_board(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    queued = await _import_async(client, owner, project)
    assert queued.status_code == 202, queued.text
    assert queued.json()["status"] == "queued"
    job_id = queued.json()["job_id"]
    async with running_worker(settings):
        job = await wait_for_job(client, owner, job_id)
    assert job["status"] == "succeeded", job
    assert (job["kind"], job["attempts"], job["progress"]) == ("board.import", 1, 1.0)
    board = await client.get(f"/api/boards/{job['result']['board_id']}", headers=owner.headers)
    titles = sorted(card["title"] for column in board.json()["columns"] for card in column["cards"])
    assert titles == ["Ship it", "Write the spec"]
    audit = await client.get(f"/api/projects/{project}/audit", headers=owner.headers)
    actions = {event["action"]: event for event in audit.json()["events"]}
    assert actions["board.imported"]["data"]["job_id"] == job_id
    assert "job.queued" in actions


async def test_a_bad_file_fails_the_job_at_once_with_the_parsers_message(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    queued = await _import_async(client, owner, project, b"name\nno title column\n")
    async with running_worker(settings):
        job = await wait_for_job(client, owner, queued.json()["job_id"])
    assert job["status"] == "failed"
    assert job["attempts"] == 1  # bad input: no second attempt
    assert "title" in job["error"]
    assert await board_ids(client, project, owner) == []


async def test_an_export_job_makes_the_same_file_as_the_direct_export(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    board = await create_board(client, project, owner)
    queued = await client.post(
        f"/api/boards/{board['id']}/export", params={"format": "csv"}, headers=owner.headers
    )
    assert queued.status_code == 202, queued.text
    async with running_worker(settings):
        job = await wait_for_job(client, owner, queued.json()["job_id"])
    assert job["status"] == "succeeded", job
    download = await client.get(f"/api/jobs/{job['id']}/file", headers=owner.headers)
    direct = await client.get(f"/api/boards/{board['id']}/export?format=csv", headers=owner.headers)
    assert download.status_code == 200
    assert download.content == direct.content
    assert download.headers["content-disposition"] == direct.headers["content-disposition"]
    assert job["result"]["file"]["size"] == len(direct.content)


async def test_a_file_is_only_for_a_job_that_made_one(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    queued = await _import_async(client, owner, project)
    response = await client.get(f"/api/jobs/{queued.json()['job_id']}/file", headers=owner.headers)
    assert response.status_code == 404


async def test_jobs_of_other_projects_are_forbidden_like_any_other_id(
    client: httpx.AsyncClient,
) -> None:
    owner, outsider = await sign_up(client, "Owner"), await sign_up(client, "Outsider")
    project = await create_project(client, owner)
    job_id = (await _import_async(client, owner, project)).json()["job_id"]
    for method, path in [
        ("GET", f"/api/jobs/{job_id}"),
        ("GET", f"/api/jobs/{job_id}/events"),
        ("GET", f"/api/jobs/{job_id}/file"),
        ("POST", f"/api/jobs/{job_id}/cancel"),
        ("POST", f"/api/jobs/{job_id}/retry"),
        ("GET", f"/api/projects/{project}/jobs"),
        ("GET", "/api/jobs/00000000-0000-0000-0000-000000000000"),
    ]:
        response = await client.request(method, path, headers=outsider.headers)
        assert response.status_code == 403, (method, path, response.text)


async def test_the_same_idempotency_key_gives_the_same_job(client: httpx.AsyncClient) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    first = await _import_async(client, owner, project, **{"Idempotency-Key": "upload-1"})
    second = await _import_async(client, owner, project, **{"Idempotency-Key": "upload-1"})
    other = await _import_async(client, owner, project, **{"Idempotency-Key": "upload-2"})
    assert first.json()["job_id"] == second.json()["job_id"] != other.json()["job_id"]
    listed = await client.get(f"/api/projects/{project}/jobs", headers=owner.headers)
    assert len(listed.json()["items"]) == 2


async def test_listing_filters_and_pages_newest_first(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    board = await create_board(client, project, owner)
    ids = [(await _import_async(client, owner, project)).json()["job_id"] for _ in range(3)]
    export = await client.post(f"/api/boards/{board['id']}/export", headers=owner.headers)
    ids.append(export.json()["job_id"])
    url = f"/api/projects/{project}/jobs"
    first = (await client.get(url, params={"limit": 3}, headers=owner.headers)).json()
    rest = await client.get(
        url, params={"limit": 3, "before": first["next_before"]}, headers=owner.headers
    )
    assert [job["id"] for job in first["items"] + rest.json()["items"]] == ids[::-1]
    assert rest.json()["next_before"] is None
    exports = await client.get(url, params={"kind": "board.export"}, headers=owner.headers)
    assert [job["id"] for job in exports.json()["items"]] == [ids[-1]]
    queued = await client.get(url, params={"status": "queued"}, headers=owner.headers)
    assert len(queued.json()["items"]) == 4
    bad = await client.get(url, params={"status": "sleeping"}, headers=owner.headers)
    assert bad.status_code == 422


async def test_a_queued_job_is_cancelled_at_once_and_never_runs(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    job_id = (await _import_async(client, owner, project)).json()["job_id"]
    cancelled = await client.post(f"/api/jobs/{job_id}/cancel", headers=owner.headers)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    again = await client.post(f"/api/jobs/{job_id}/cancel", headers=owner.headers)
    assert again.status_code == 409
    async with running_worker(settings):
        # A later job of the same kind runs: the cancelled one, queued before it, did not.
        later = (await _import_async(client, owner, project)).json()["job_id"]
        assert (await wait_for_job(client, owner, later))["status"] == "succeeded"
    job = (await client.get(f"/api/jobs/{job_id}", headers=owner.headers)).json()
    assert (job["status"], job["attempts"]) == ("cancelled", 0)
    assert len(await board_ids(client, project, owner)) == 1


async def test_a_running_job_stops_at_its_next_checkpoint_without_its_effect(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    async with job_queue(settings) as enqueue, running_worker(settings):
        job_id = await enqueue(
            owner, project, "test.make_board", name="Never", seconds=20, steps=40
        )
        await wait_for_status(client, owner, job_id, "running")
        cancel = await client.post(f"/api/jobs/{job_id}/cancel", headers=owner.headers)
        assert cancel.json()["cancel_requested"] is True
        job = await wait_for_job(client, owner, job_id, seconds=10)
    assert job["status"] == "cancelled"
    assert await board_ids(client, project, owner) == []


async def test_a_cancel_ends_a_running_jobs_wait_at_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    """The worker hears the cancel (`jobs.<id>.control`): a job waiting inside
    `interruptible` for ten minutes, with no checkpoint to reach, is cancelled all the same."""
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    async with job_queue(settings) as enqueue, running_worker(settings):
        job_id = await enqueue(
            owner, project, "test.make_board", name="Never", seconds=600, interruptible=True
        )
        await wait_for_status(client, owner, job_id, "running")
        await client.post(f"/api/jobs/{job_id}/cancel", headers=owner.headers)
        job = await wait_for_job(client, owner, job_id, seconds=30)
    assert job["status"] == "cancelled"
    assert await board_ids(client, project, owner) == []


async def test_a_job_that_always_fails_is_retried_then_failed_and_can_be_retried(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    async with job_queue(settings) as enqueue, running_worker(settings):
        job_id = await enqueue(owner, project, "test.fail")
        job = await wait_for_job(client, owner, job_id)
        assert (job["status"], job["attempts"]) == ("failed", 3)
        assert job["error"] == "boom on attempt 3"
        retried = await client.post(f"/api/jobs/{job_id}/retry", headers=owner.headers)
        assert retried.status_code == 202
        assert retried.json()["status"] == "queued"
        job = await wait_for_job(client, owner, job_id)
    assert (job["status"], job["attempts"]) == ("failed", 6)
    metrics = (await client.get("/metrics")).text
    assert 'projectflow_jobs_dead_lettered{kind="test.fail"} 2.0' in metrics
    assert 'projectflow_jobs{kind="test.fail",status="failed"} 1.0' in metrics


async def test_only_the_creator_and_admins_may_cancel_or_retry(
    client: httpx.AsyncClient, database: TestDatabase
) -> None:
    owner, member = await sign_up(client, "Owner"), await sign_up(client, "Member")
    admin = await sign_up(client, "Admin")
    project = await create_project(client, owner)
    await add_member(client, project, owner, member, "member")
    await add_member(client, project, owner, admin, "admin")
    mine = (await _import_async(client, member, project)).json()["job_id"]
    theirs = (await _import_async(client, owner, project)).json()["job_id"]
    forbidden = await client.post(f"/api/jobs/{theirs}/cancel", headers=member.headers)
    assert forbidden.status_code == 403
    assert (await client.get(f"/api/jobs/{theirs}", headers=member.headers)).status_code == 200
    for job_id, account in [(mine, member), (theirs, admin)]:
        response = await client.post(f"/api/jobs/{job_id}/cancel", headers=account.headers)
        assert response.status_code == 200, response.text


@pytest.mark.parametrize("path", ["cancel", "retry"])
async def test_a_finished_job_cannot_be_cancelled_and_only_a_failed_one_retried(
    client: httpx.AsyncClient, settings: Settings, path: str
) -> None:
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    job_id = (await _import_async(client, owner, project)).json()["job_id"]
    async with running_worker(settings):
        await wait_for_job(client, owner, job_id)
    response = await client.post(f"/api/jobs/{job_id}/{path}", headers=owner.headers)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


async def test_metrics_can_require_the_scrapers_token(settings: Settings) -> None:
    guarded = settings.model_copy(update={"metrics_token": "scraper secret"})
    async with api_client(guarded) as client:
        refused = await client.get("/metrics")
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer guess"})
        allowed = await client.get("/metrics", headers={"Authorization": "Bearer scraper secret"})
    assert (refused.status_code, wrong.status_code, allowed.status_code) == (401, 401, 200)
    assert "projectflow_outbox_backlog 0.0" in allowed.text
    assert allowed.headers["content-type"].startswith("text/plain")


async def test_a_delivery_of_a_job_whose_cancel_is_pending_ends_it_cancelled(
    client: httpx.AsyncClient, settings: Settings, database: TestDatabase
) -> None:
    """A cancel asked while an attempt failed without reporting back (the job went back to the
    queue with the request pending) is honoured at the next delivery, not left hanging."""
    owner = await sign_up(client, "Owner")
    project = await create_project(client, owner)
    async with job_queue(settings) as enqueue:
        job_id = await enqueue(owner, project, "test.make_board", name="Never")
    await as_superuser(database, "UPDATE jobs SET cancel_requested = true WHERE id = $1", job_id)
    async with running_worker(settings):
        job = await wait_for_job(client, owner, job_id)
    assert (job["status"], job["attempts"]) == ("cancelled", 0)
    assert await board_ids(client, project, owner) == []
