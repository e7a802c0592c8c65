"""A board's edit history as real editors make it (tests/interop/board_history.mjs, npm `yjs`),
stored as the write path stores updates that arrive one at a time, and what the database then
holds for the board — for the compaction test and benchmark."""

import base64
import json
import subprocess
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import text

from projectflow.collab import repository
from projectflow.db.engine import create_engine, create_sessionmaker
from projectflow.db.identity import unit_of_work

HISTORY = Path(__file__).parents[1] / "interop" / "board_history.mjs"
# What the database holds for a document: its update rows and its snapshot row, as stored.
STORED_BYTES = text(
    "SELECT coalesce((SELECT sum(pg_column_size(u.*)) FROM crdt_updates u WHERE doc_id = :doc), 0)"
    " + coalesce((SELECT pg_column_size(s.*) FROM crdt_snapshots s WHERE doc_id = :doc), 0)"
)


def make_history(state: bytes, column_ids: list[str], operations: int) -> dict[str, Any]:
    """A hundred cards and their edits by three people on a board whose document is `state`:
    `{"updates": [base64, ...], "operations": n}`, one update per keystroke or action."""
    request = {
        "seed": 11,
        "state": base64.b64encode(state).decode(),
        "cards": 100,
        "operations": operations,
        "editors": 3,
        "column_ids": column_ids,
    }
    made = subprocess.run(
        ["node", str(HISTORY)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    history: dict[str, Any] = json.loads(made.stdout)
    return history


async def store_history(
    database_url: str, board_id: str, project_id: str, owner_id: str, updates: list[str]
) -> None:
    """Each update its own row, as the owner (the application role, RLS applying)."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with unit_of_work(create_sessionmaker(engine), UUID(owner_id)) as session:
            for seq, update in enumerate(updates):
                await repository.append_update(
                    session,
                    doc_id=UUID(board_id),
                    project_id=UUID(project_id),
                    client_id="history",
                    seq=seq,
                    update=base64.b64decode(update),
                )
    finally:
        await engine.dispose()


async def stored_bytes(maintenance_url: str, board_id: str) -> int:
    """The bytes of the board's update and snapshot rows (read as the maintenance role)."""
    engine = create_engine(maintenance_url, pool_size=1)
    try:
        async with engine.begin() as conn:
            return int(await conn.scalar(STORED_BYTES, {"doc": UUID(board_id)}) or 0)
    finally:
        await engine.dispose()
