"""Compaction (AC-CRDT2): a board's updates merged into a snapshot and pruned, with the document
unchanged, far smaller, and still syncing with a client that was offline through it; queued by
the write path and run by a worker, or run by hand with `projectflow compact`."""

import asyncio
import os
import subprocess
import sys
from typing import Any
from uuid import UUID

import anyio
import httpx
import pytest
from pycrdt import Doc
from sqlalchemy import text

from projectflow.collab import compaction
from projectflow.config import Settings
from projectflow.db.engine import create_engine
from tests.support.api import Account, create_card
from tests.support.board_history import make_history, store_history, stored_bytes
from tests.support.jobs import running_worker, wait_for_job
from tests.support.live import live_server
from tests.support.yjs_clients import (
    YjsClients,
    cards_of_state,
    converged,
    team,
)


async def _stored(settings: Settings, board_id: str) -> dict[str, Any]:
    """What the database holds for the board (as the maintenance role): rows, bytes, and the
    document they make."""
    assert settings.maintenance_database_url
    engine = create_engine(settings.maintenance_database_url, pool_size=1)
    try:
        async with engine.begin() as conn:
            rows = (
                await conn.execute(
                    text("SELECT payload, snapshot FROM crdt_read_after(:doc, 0)"),
                    {"doc": UUID(board_id)},
                )
            ).all()
    finally:
        await engine.dispose()
    doc: Doc = Doc()
    for row in rows:
        doc.apply_update(row.payload)
    return {
        "updates": sum(1 for row in rows if not row.snapshot),
        "bytes": sum(len(row.payload) for row in rows),
        "stored_bytes": await stored_bytes(settings.maintenance_database_url, board_id),
        "cards": cards_of_state(doc.get_update()),
        "clocks": compaction.state_clocks(doc),
    }


def _compact_command(settings: Settings, *args: str) -> str:
    env = os.environ | settings.to_env() | {"PROJECTFLOW_LOG_LEVEL": "warning"}
    result = subprocess.run(
        [sys.executable, "-m", "projectflow.cli", "compact", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


async def test_a_board_of_ten_thousand_operations_compacts_without_changing(
    settings: Settings, api_url: str, http: httpx.AsyncClient, clients: YjsClients
) -> None:
    owner, member, board = await team(http)
    operations = await _history(settings, http, owner, board, operations=10_500)
    assert operations > 10_000
    # A client that was there, then offline through the compaction, editing meanwhile.
    await clients.open("away", board["id"], member)
    await clients.call("offline", name="away")
    columns = [column["id"] for column in board["columns"]]
    await clients.call("random", name="away", seed=777, count=200, column_ids=columns, create=0)

    before = await _stored(settings, board["id"])
    assert before["updates"] > 10_000
    output = _compact_command(settings, "--board", board["id"])
    after = await _stored(settings, board["id"])

    assert f"{board['id']}: merged {before['updates']:,} updates" in output
    assert after["updates"] == 0
    assert after["cards"] == before["cards"]
    assert after["clocks"] == before["clocks"]
    # The updates' bytes: at least AC-CRDT2's 70 %; the rows as stored: at least our 95 %.
    assert 1 - after["bytes"] / before["bytes"] >= 0.70, (before["bytes"], after["bytes"])
    stored = (before["stored_bytes"], after["stored_bytes"])
    assert 1 - stored[1] / stored[0] >= 0.95, stored

    # The offline client syncs, and a process that never held the board loads the snapshot.
    await clients.call("online", name="away")
    with live_server(settings) as fresh_url:
        await clients.open("fresh", board["id"], owner, fresh_url)
        cards = await converged(
            http, clients, ["away", "fresh"], board["id"], owner, projection=False
        )
    assert len(cards) == 100
    # What the offline client sent afterwards is the only update left; then nothing is.
    assert "merged 1 update:" in _compact_command(settings, "--board", board["id"])
    assert "nothing to compact" in _compact_command(settings, "--board", board["id"])


async def _history(
    settings: Settings, http: httpx.AsyncClient, owner: Account, board: Any, operations: int
) -> int:
    """A hundred cards and their edits by three people, stored one update per keystroke or
    action; returns how many operations it holds."""
    state = (await http.get(f"/api/boards/{board['id']}/doc", headers=owner.headers)).content
    columns = [column["id"] for column in board["columns"]]
    history = await anyio.to_thread.run_sync(make_history, state, columns, operations)
    assert settings.database_url
    await store_history(
        settings.database_url, board["id"], board["project_id"], owner.id, history["updates"]
    )
    made_operations: int = history["operations"]
    return made_operations


async def test_the_write_path_queues_compaction_and_a_worker_runs_it(
    settings: Settings,
    http: httpx.AsyncClient,
    clients: YjsClients,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(compaction, "COMPACT_AFTER_UPDATES", 40)
    settings.collab_compact_quiet_seconds = 0.2
    owner, _, board = await team(http)
    card = await create_card(http, board, owner, title="Typed into")
    await clients.open("olga", board["id"], owner)
    for index in range(60):  # keystrokes, each stored on its own (the client waits between)
        await clients.call("insert", name="olga", id=card["id"], index=index, text="é")
        await asyncio.sleep(0.01)

    job = await _compaction_job(http, owner, board["project_id"])
    async with running_worker(settings):
        done = await wait_for_job(http, owner, job["id"])
    assert done["status"] == "succeeded", done
    assert done["result"]["updates"] >= 40
    stored = await _stored(settings, board["id"])
    assert stored["cards"][card["id"]]["description"] == "é" * 60
    assert stored["cards"] == await converged(http, clients, ["olga"], board["id"], owner)


async def _compaction_job(http: httpx.AsyncClient, owner: Account, project_id: str) -> Any:
    for _ in range(200):
        response = await http.get(f"/api/projects/{project_id}/jobs", headers=owner.headers)
        assert response.status_code == 200, response.text
        queued = [job for job in response.json()["items"] if job["kind"] == "collab.compact"]
        if queued:
            return queued[0]
        await asyncio.sleep(0.05)
    raise AssertionError("no compaction job was queued")
