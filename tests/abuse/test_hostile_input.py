"""Hostile uploads against the API as its own process: refused, and the API's memory stays
bounded whatever the file claims (its peak RSS is read from /proc)."""

from collections.abc import Iterator

import httpx
import pytest

from projectflow.config import Settings
from tests.support.api import PASSWORD
from tests.support.process import ApiProcess, api_process

MIB = 1024 * 1024
MAX_GROWTH = 100 * MIB


def _empty_actions_file() -> bytes:
    """Trello's shape with ~11 M empty objects in `actions`, just under the 32 MiB upload cap."""
    head, tail = b'{"name":"x","lists":[],"cards":[],"actions":[', b"{}]}"
    count = (32 * MIB - len(head) - len(tail) - 1024) // 3
    return head + b"{}," * count + tail


def _many_lists_file(count: int = 1_500_000) -> bytes:
    return b'{"name":"x","cards":[],"lists":[' + b",".join([b'{"name":"l"}'] * count) + b"]}"


@pytest.fixture(scope="module")
def hostile_files() -> dict[str, bytes]:
    return {"empty actions": _empty_actions_file(), "1.5 M lists": _many_lists_file()}


@pytest.fixture
def api(settings: Settings) -> Iterator[ApiProcess]:
    with api_process(settings) as process:
        yield process


def _owner_and_project(client: httpx.Client) -> str:
    signup = {"email": "owner@example.com", "password": PASSWORD, "name": "Owner"}
    client.headers["Authorization"] = (
        f"Bearer {client.post('/api/auth/signup', json=signup).json()['token']}"
    )
    project: str = client.post("/api/projects", json={"name": "P"}).json()["id"]
    return project


@pytest.mark.parametrize("name", ["empty actions", "1.5 M lists"])
def test_a_hostile_trello_file_is_refused_in_bounded_memory(
    api: ApiProcess, hostile_files: dict[str, bytes], name: str
) -> None:
    with httpx.Client(base_url=api.url, timeout=120) as client:
        project = _owner_and_project(client)
        # A small import first: the worker process is started and everything is warm.
        warm = client.post(
            f"/api/projects/{project}/import/csv?board_name=W", content=b"title\nA\n"
        )
        assert warm.status_code == 201, warm.text
        before = api.peak_rss()
        response = client.post(
            f"/api/projects/{project}/import/trello", content=hostile_files[name]
        )
        growth = api.peak_rss() - before
    assert response.status_code in (413, 422), response.text
    assert response.json()["error"]["code"] in ("invalid_board_file", "payload_too_large")
    assert growth < MAX_GROWTH, f"the API grew by {growth / MIB:.0f} MiB"


def test_a_tiny_update_claiming_millions_of_clients_is_refused_cheaply(api: ApiProcess) -> None:
    """7 bytes claiming 2**28 clients made the CRDT library allocate ~480 MB."""
    claim = b"\x80\x80\x80\x80\x01\x00\x00"
    with httpx.Client(base_url=api.url, timeout=60) as client:
        project = _owner_and_project(client)
        board = client.post(f"/api/projects/{project}/boards", json={"name": "B"}).json()
        before = api.peak_rss()
        response = client.post(f"/api/boards/{board['id']}/doc", content=claim)
        growth = api.peak_rss() - before
    assert response.status_code == 400, response.text
    assert "Yjs update" in response.json()["error"]["message"]
    assert growth < 10 * MIB, f"the API grew by {growth / MIB:.0f} MiB"
