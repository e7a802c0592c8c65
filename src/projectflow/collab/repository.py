"""All queries on the CRDT tables."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import bindparam, insert, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import CrdtDoc, CrdtUpdate


async def insert_doc(session: AsyncSession, doc_id: UUID, project_id: UUID) -> None:
    await session.execute(insert(CrdtDoc).values(doc_id=doc_id, project_id=project_id))


# Hot-path statements are built once (composing them costs more than running them).
_LOCK_AND_READ = text(
    "SELECT update_id, payload, snapshot FROM crdt_lock_and_read(:doc_id, :after_id)"
)
_READ_AFTER = text("SELECT update_id, payload, snapshot FROM crdt_read_after(:doc_id, :after_id)")
_APPEND_UPDATE = (
    pg_insert(CrdtUpdate)
    .values(
        doc_id=bindparam("doc_id"),
        project_id=bindparam("project_id"),
        client_id=bindparam("client_id"),
        seq=bindparam("seq"),
        update=bindparam("update"),
    )
    .on_conflict_do_nothing(index_elements=["doc_id", "client_id", "seq"])
    .returning(CrdtUpdate.id)
)


@dataclass(frozen=True)
class Stored:
    """An update as stored (or, `snapshot`, the merge of every update up to `update_id`)."""

    update_id: int
    payload: bytes
    snapshot: bool = False


async def lock_and_read_after(session: AsyncSession, doc_id: UUID, after_id: int) -> list[Stored]:
    """Take the document's row lock for this transaction, then read what was stored after
    `after_id` (see `read_after`): writers of one document take turns, across processes, so
    updates get ids in commit order and each writer starts from all of them."""
    rows = await session.execute(_LOCK_AND_READ, {"doc_id": doc_id, "after_id": after_id})
    return [Stored(*row) for row in rows]


async def read_after(session: AsyncSession, doc_id: UUID, after_id: int) -> list[Stored]:
    """The updates stored after `after_id`, led by the snapshot when compaction merged some
    of them into it."""
    rows = await session.execute(_READ_AFTER, {"doc_id": doc_id, "after_id": after_id})
    return [Stored(*row) for row in rows]


_LAST_UPDATE_ID = text(
    "SELECT greatest("
    " (SELECT max(id) FROM crdt_updates WHERE doc_id = :doc_id),"
    " (SELECT covers_update_id FROM crdt_snapshots WHERE doc_id = :doc_id))"
)


async def last_update_id(session: AsyncSession, doc_id: UUID) -> int:
    """The id of the document's last stored update (0: none), compacted or not."""
    return await session.scalar(_LAST_UPDATE_ID, {"doc_id": doc_id}) or 0


async def append_update(
    session: AsyncSession,
    *,
    doc_id: UUID,
    project_id: UUID,
    client_id: str,
    seq: int,
    update: bytes,
) -> int | None:
    """Store an update; None when (doc, client, seq) is already stored (a retry)."""
    values = {
        "doc_id": doc_id,
        "project_id": project_id,
        "client_id": client_id,
        "seq": seq,
        "update": update,
    }
    return await session.scalar(_APPEND_UPDATE, values)
