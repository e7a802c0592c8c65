"""Compaction: a document's updates merged into its snapshot, and the updates it covers pruned,
in one transaction of the maintenance role, without changing the document (AC-CRDT2).

The merge is Yjs's own state encoding, so a client holding any older state still syncs: the
snapshot keeps every struct's id (deleted content becomes GC structs, which keep theirs).
Writers take the document's row lock, as compaction does, so nothing is stored meanwhile.
The merged state is checked before anything is pruned: read back, it must give the same state
vector and the same board.
"""

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from pycrdt import Doc, Map
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from projectflow.collab import protocol
from projectflow.db.engine import create_engine
from projectflow.kit.cpu import CpuPool

# A document is due once this many updates were stored since its snapshot (a live client
# typing stores one per keystroke burst); its compaction job then waits for it to go quiet
# (PROJECTFLOW_COLLAB_COMPACT_QUIET_SECONDS), or compacts anyway after MAX_WAIT_SECONDS.
COMPACT_AFTER_UPDATES = 1000
MAX_WAIT_SECONDS = 300.0

_SET_USER = text("SELECT set_config('app.user_id', :uid, true)")
_LOCK = text("SELECT project_id FROM crdt_docs WHERE doc_id = :doc_id FOR UPDATE")
_READ = text("SELECT update_id, payload, snapshot FROM crdt_read_after(:doc_id, 0)")
_SAVE_SNAPSHOT = text(
    "INSERT INTO crdt_snapshots (doc_id, project_id, state, covers_update_id)"
    " VALUES (:doc_id, :project_id, :state, :covers)"
    " ON CONFLICT (doc_id) DO UPDATE SET state = excluded.state,"
    " covers_update_id = excluded.covers_update_id, created_at = now()"
)
_PRUNE = text("DELETE FROM crdt_updates WHERE doc_id = :doc_id AND id <= :covers")
_LAST_WRITE = text("SELECT max(created_at) FROM crdt_updates WHERE doc_id = :doc_id")
_DUE = text(
    "SELECT u.doc_id FROM crdt_updates u"
    " LEFT JOIN crdt_snapshots s ON s.doc_id = u.doc_id"
    " WHERE u.id > coalesce(s.covers_update_id, 0)"
    " GROUP BY u.doc_id HAVING count(*) >= :at_least ORDER BY count(*) DESC"
)


class CompactionError(Exception):
    """The merged state would not be the same document: nothing was changed."""


@dataclass(frozen=True)
class Compacted:
    doc_id: UUID
    updates: int  # rows merged into the snapshot (and pruned)
    bytes_before: int  # the old snapshot and those rows
    bytes_after: int  # the new snapshot
    covers_update_id: int

    @property
    def reduction(self) -> float:
        return 1 - self.bytes_after / self.bytes_before if self.bytes_before else 0.0


async def compact(
    engine: AsyncEngine, cpu: CpuPool, doc_id: UUID, *, actor: UUID | None
) -> Compacted | None:
    """Compact one document (None: no such document; `updates` 0: nothing to merge). `engine`
    connects as the maintenance role; the transaction acts for `actor` (whoever asked)."""
    async with engine.begin() as conn:
        await conn.execute(_SET_USER, {"uid": str(actor) if actor else ""})
        project_id = await conn.scalar(_LOCK, {"doc_id": doc_id})
        if project_id is None:
            return None
        rows = (await conn.execute(_READ, {"doc_id": doc_id})).all()
        updates = sum(1 for row in rows if not row.snapshot)
        payloads = [row.payload for row in rows]
        if updates == 0:
            size = sum(len(payload) for payload in payloads)
            covers = rows[-1].update_id if rows else 0
            return Compacted(doc_id, 0, size, size, covers)
        state = await cpu.run(merge_checked, payloads)
        covers = rows[-1].update_id
        values = {"doc_id": doc_id, "project_id": project_id, "state": state, "covers": covers}
        await conn.execute(_SAVE_SNAPSHOT, values)
        await conn.execute(_PRUNE, values)
    return Compacted(
        doc_id=doc_id,
        updates=updates,
        bytes_before=sum(len(payload) for payload in payloads),
        bytes_after=len(state),
        covers_update_id=covers,
    )


def merge_checked(payloads: list[bytes]) -> bytes:
    """The document that `payloads` make, as one update, checked by reading it back."""
    doc = _doc(payloads)
    state = doc.get_update()
    again = _doc([state])
    if state_clocks(again) != state_clocks(doc) or _content(again) != _content(doc):
        raise CompactionError("the merged state does not read back as the same document")
    return state


def _doc(updates: list[bytes]) -> Doc[Any]:
    doc: Doc[Any] = Doc()
    with doc.transaction():
        for update in updates:
            doc.apply_update(update)
    return doc


def state_clocks(doc: Doc[Any]) -> dict[int, int]:
    """The document's state vector, decoded (its encoding lists clients in no fixed order)."""
    return protocol.read_state_vector(doc.get_state())


def _content(doc: Doc[Any]) -> dict[str, Any]:
    return {name: doc.get(name, type=Map).to_py() for name in ("columns", "cards")}


async def due_documents(engine: AsyncEngine, at_least: int) -> list[UUID]:
    """Documents with at least `at_least` updates since their snapshot, most first."""
    async with engine.begin() as conn:
        await conn.execute(_SET_USER, {"uid": ""})
        return list((await conn.scalars(_DUE, {"at_least": at_least})).all())


async def seconds_since_last_write(engine: AsyncEngine, doc_id: UUID) -> float:
    async with engine.begin() as conn:
        await conn.execute(_SET_USER, {"uid": ""})
        written = await conn.scalar(_LAST_WRITE, {"doc_id": doc_id})
    return float("inf") if written is None else max(0.0, time.time() - written.timestamp())


async def compact_all(
    url: str, board_id: UUID | None, at_least: int, cpu_workers: int
) -> AsyncIterator[str]:
    """`projectflow compact`: one board, or every board with `at_least` updates since its
    snapshot; a line per board as it is done."""
    engine = create_engine(url, pool_size=1)
    cpu = CpuPool(cpu_workers)
    try:
        doc_ids = [board_id] if board_id else await due_documents(engine, at_least)
        if not doc_ids:
            yield "no board is due for compaction"
        for doc_id in doc_ids:
            compacted = await compact(engine, cpu, doc_id, actor=None)
            yield f"{doc_id}: {describe(compacted)}"
    finally:
        await cpu.close()
        await engine.dispose()


def describe(compacted: Compacted | None) -> str:
    if compacted is None:
        return "no such board"
    if compacted.updates == 0:
        return "nothing to compact"
    plural = "" if compacted.updates == 1 else "s"
    return (
        f"merged {compacted.updates:,} update{plural}: {compacted.bytes_before:,} → "
        f"{compacted.bytes_after:,} bytes ({compacted.reduction:.0%} smaller)"
    )
