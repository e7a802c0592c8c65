"""`POST /api/projects/{pid}/import`: the format told from the file, answered as that format's
own import answers; and a second import of the same Trello board, refused unless asked for."""

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import (
    Account,
    add_member,
    assert_error,
    board_ids,
    create_project,
    import_board,
    sign_up,
)
from tests.support.databases import TestDatabase, as_superuser
from tests.support.jobs import running_worker, wait_for_job

TRELLO = Path(__file__).parents[1] / "boardfiles" / "fixtures" / "trello_sprint_board.json"
TRELLO_BYTES = TRELLO.read_bytes()
TRELLO_ID = "65e0c3a91f4b2d0012ab34cd"
NATIVE = json.dumps(
    {
        "format": "projectflow.board",
        "version": 2,
        "board": {
            "name": "Launch",
            "labels": [{"name": "PR", "color": "pink"}],
            "columns": [{"name": "Doing", "cards": [{"title": "Press release", "labels": ["PR"]}]}],
        },
    }
).encode()
CSV = b"title,column\nPlan launch,Doing\n"


async def _import(
    client: httpx.AsyncClient,
    project: str,
    account: Account,
    content: bytes,
    path: str = "import",
    **params: str,
) -> httpx.Response:
    return await client.post(
        f"/api/projects/{project}/{path}", content=content, params=params, headers=account.headers
    )


async def _imported_sources(client: httpx.AsyncClient, project: str, account: Account) -> list[str]:
    response = await client.get(f"/api/projects/{project}/audit", headers=account.headers)
    events = [e for e in response.json()["events"] if e["action"] == "board.imported"]
    return sorted(event["data"]["source"] for event in events)


async def _names(client: httpx.AsyncClient, project: str, account: Account) -> list[str]:
    response = await client.get(f"/api/projects/{project}/boards", headers=account.headers)
    return sorted(board["name"] for board in response.json())


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> Account:
    return await sign_up(client, "Owner")


@pytest.fixture
async def project(client: httpx.AsyncClient, owner: Account) -> str:
    return await create_project(client, owner)


async def test_each_format_is_told_from_the_file(
    client: httpx.AsyncClient, owner: Account, project: str
) -> None:
    for content, params in ((TRELLO_BYTES, {}), (NATIVE, {}), (CSV, {"board_name": "Plans"})):
        response = await _import(client, project, owner, content, **params)
        assert response.status_code == 201, response.text
        assert set(response.json()) == {"board_id"}
    assert await _imported_sources(client, project, owner) == ["csv", "json", "trello"]
    assert await _names(client, project, owner) == [
        "Launch",
        "Plans",
        "Sprint 14 \N{EN DASH} Checkout revamp",
    ]
    labels = await client.get(f"/api/projects/{project}/labels", headers=owner.headers)
    assert {label["name"]: label["color"] for label in labels.json()}["PR"] == "pink"


async def test_a_board_name_names_a_json_board_and_is_required_for_csv(
    client: httpx.AsyncClient, owner: Account, project: str
) -> None:
    response = await _import(client, project, owner, NATIVE, board_name="  Renamed ")
    assert response.status_code == 201, response.text
    assert await _names(client, project, owner) == ["Renamed"]
    response = await _import(client, project, owner, CSV)
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "query.board_name"
    assert "a CSV file names no board" in error["message"]
    response = await _import(client, project, owner, CSV, board_name="x" * 201)
    assert_error(response, 422, "validation_error")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "the file is a ZIP archive"),
        (b"\x00\x01\x02\x03garbage", "the file is not text (binary data at byte 0)"),
        (b'{"title": "A"}', "the file is JSON, but neither a Trello board export"),
        (b"[1, 2, 3]", "the file is a JSON list"),
        (b'{"format": "projectflow.board", "version": 1,}', "the file is not valid JSON"),
        (b"name,stage\nA,B\n", "line 1: unknown header columns 'name', 'stage'"),
    ],
    ids=["png", "zip", "binary", "other-json", "json-list", "broken-native", "bad-csv-header"],
)
@pytest.mark.parametrize("run_async", [False, True], ids=["sync", "async"])
async def test_what_is_no_board_file_is_422_and_imports_nothing(
    client: httpx.AsyncClient,
    owner: Account,
    project: str,
    content: bytes,
    message: str,
    run_async: bool,
) -> None:
    params = {"board_name": "B"} | ({"async": "true"} if run_async else {})
    response = await _import(client, project, owner, content, **params)
    if run_async and message.startswith(("line 1", "the file is not valid JSON")):
        # Told apart at once, refused by the parser in the job, as with the format's own route.
        assert response.status_code == 202, response.text
        return
    error = assert_error(response, 422, "invalid_board_file")
    assert error["message"].startswith(message)
    assert await board_ids(client, project, owner) == []
    jobs = await client.get(f"/api/projects/{project}/jobs", headers=owner.headers)
    assert jobs.json()["items"] == []


async def test_the_auto_import_queues_a_job_like_the_others(
    client: httpx.AsyncClient, settings: Settings, owner: Account, project: str
) -> None:
    queued = await _import(
        client, project, owner, TRELLO_BYTES, **{"async": "true"}, duplicate="false"
    )
    assert queued.status_code == 202, queued.text
    again = await client.post(
        f"/api/projects/{project}/import",
        params={"async": "true"},
        content=TRELLO_BYTES,
        headers=owner.headers | {"Idempotency-Key": "k1"},
    )
    replay = await client.post(
        f"/api/projects/{project}/import",
        params={"async": "true"},
        content=TRELLO_BYTES,
        headers=owner.headers | {"Idempotency-Key": "k1"},
    )
    assert replay.json()["job_id"] == again.json()["job_id"]
    async with running_worker(settings):
        jobs = [
            await wait_for_job(client, owner, queued.json()["job_id"]),
            await wait_for_job(client, owner, again.json()["job_id"]),
        ]
    # Both were queued before either ran (and may run at once): the one that comes to store
    # second is refused.
    (stored,) = [job for job in jobs if job["status"] == "succeeded"]
    (refused,) = [job for job in jobs if job["status"] == "failed"]
    assert stored["result"]["cards"] == 11
    assert "was imported into the project before" in refused["error"]
    assert await _imported_sources(client, project, owner) == ["trello"]


# -- importing the same Trello board again ---------------------------------------------------


def _conflict(response: httpx.Response) -> dict[str, Any]:
    error = assert_error(response, 409, "board_already_imported")
    assert "duplicate=true" in error["message"]
    return error


@pytest.mark.parametrize("path", ["import", "import/trello"])
async def test_a_second_import_of_a_trello_board_is_409_unless_a_duplicate_is_asked_for(
    client: httpx.AsyncClient, database: TestDatabase, owner: Account, project: str, path: str
) -> None:
    board_id = await import_board(client, project, owner, "trello", TRELLO_BYTES)
    # The answer names the board as it is called now.
    await as_superuser(
        database, "UPDATE boards SET name = 'Sprint 14' WHERE id = $1", UUID(board_id)
    )
    for run_async in (False, True):
        params = {"async": "true"} if run_async else {}
        error = _conflict(await _import(client, project, owner, TRELLO_BYTES, path, **params))
        assert error["details"] == {"board_id": board_id, "board_name": "Sprint 14"}
    jobs = await client.get(f"/api/projects/{project}/jobs", headers=owner.headers)
    assert jobs.json()["items"] == []  # refused before anything was queued
    copy = await _import(client, project, owner, TRELLO_BYTES, path, duplicate="true")
    assert copy.status_code == 201, copy.text
    assert len(await board_ids(client, project, owner)) == 2
    # The first import stays the one a third attempt names.
    error = _conflict(await _import(client, project, owner, TRELLO_BYTES, path))
    assert error["details"]["board_id"] == board_id


async def test_only_the_same_trello_board_in_the_same_project_is_a_second_import(
    client: httpx.AsyncClient, owner: Account, project: str
) -> None:
    await import_board(client, project, owner, "trello", TRELLO_BYTES)
    other_board = json.loads(TRELLO_BYTES) | {"id": "another-board"}
    response = await _import(client, project, owner, json.dumps(other_board).encode())
    assert response.status_code == 201, response.text
    without_id = {k: v for k, v in json.loads(TRELLO_BYTES).items() if k != "id"}
    for _ in range(2):
        response = await _import(client, project, owner, json.dumps(without_id).encode())
        assert response.status_code == 201, response.text
    elsewhere = await create_project(client, owner, "Elsewhere")
    await import_board(client, elsewhere, owner, "trello", TRELLO_BYTES)
    # Our own export of an imported board is a copy, not the Trello board.
    board_id = (await board_ids(client, elsewhere, owner))[0]
    exported = await client.get(f"/api/boards/{board_id}/export", headers=owner.headers)
    for _ in range(2):
        await import_board(client, elsewhere, owner, "json", exported.content)


def _with_the_id_late(board_id: str) -> bytes:
    """A Trello export whose board id comes after the part of the file read up front."""
    export = {k: v for k, v in json.loads(TRELLO_BYTES).items() if k != "id"}
    export["desc"] = "x" * 70_000
    return json.dumps(export | {"id": board_id}).encode()


async def test_an_id_late_in_the_file_is_still_checked_before_the_board_is_stored(
    client: httpx.AsyncClient, settings: Settings, owner: Account, project: str
) -> None:
    await import_board(client, project, owner, "trello", TRELLO_BYTES)
    late = _with_the_id_late(TRELLO_ID)
    _conflict(await _import(client, project, owner, late, "import/trello"))
    queued = await _import(client, project, owner, late, **{"async": "true"})
    assert queued.status_code == 202, queued.text
    async with running_worker(settings):
        job = await wait_for_job(client, owner, queued.json()["job_id"])
    assert job["status"] == "failed", job
    assert job["attempts"] == 1
    assert job["error"].startswith("This Trello board was imported into the project before")
    assert len(await board_ids(client, project, owner)) == 1


async def test_a_viewer_hears_403_not_whether_the_board_was_imported(
    client: httpx.AsyncClient, owner: Account, project: str
) -> None:
    await import_board(client, project, owner, "trello", TRELLO_BYTES)
    viewer = await sign_up(client, "Viewer")
    await add_member(client, project, owner, viewer, "viewer")
    response = await _import(client, project, viewer, TRELLO_BYTES)
    assert_error(response, 403, "forbidden")
