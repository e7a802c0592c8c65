"""Loading, locking and storing documents.

A write holds the document from `hold_for_write` until its transaction ends: the in-process
lock keeps readers and other writers of this process off a document that may be rolled back,
and the row lock (`SELECT ... FOR UPDATE` on crdt_docs) makes writers in all processes take
turns, so each one first catches up with what the others committed.
"""

import hashlib
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.collab import repository
from projectflow.collab.cache import DocumentCache, LoadedDocument
from projectflow.collab.fanout import announce_update
from projectflow.db.hooks import on_commit, on_rollback

# The documents a session's transaction holds for writing (session.info key).
_HELD = "projectflow.held_documents"


async def create_document(
    session: AsyncSession, cache: DocumentCache, doc_id: UUID, project_id: UUID
) -> LoadedDocument:
    """A new, empty document, held for writing like `hold_for_write`."""
    await repository.insert_doc(session, doc_id, project_id)
    return await hold_for_write(session, cache, doc_id)


async def store_new_document(
    session: AsyncSession, doc_id: UUID, project_id: UUID, update: bytes
) -> None:
    """A new document whose whole state is `update`, built elsewhere (an import's). No process
    holds it in memory yet: its first reader loads it."""
    await repository.insert_doc(session, doc_id, project_id)
    await repository.append_update(
        session, doc_id=doc_id, project_id=project_id, client_id="import", seq=0, update=update
    )


async def hold_for_write(
    session: AsyncSession, cache: DocumentCache, doc_id: UUID
) -> LoadedDocument:
    """The caught-up document, held until the transaction commits or rolls back.

    A rollback also evicts it: its in-memory state may be ahead of the database. A transaction
    that holds it already (several changes to one board, as an AI run's proposal makes) gets it
    again, as it left it.
    """
    held: dict[UUID, LoadedDocument] = session.info.setdefault(_HELD, {})
    if (entry := held.get(doc_id)) is not None:
        return entry
    entry = cache.entry(doc_id)
    await entry.lock.acquire()
    held[doc_id] = entry

    def release() -> None:
        session.info.get(_HELD, {}).pop(doc_id, None)
        entry.lock.release()

    def release_after_rollback() -> None:
        cache.evict(entry)
        release()

    on_commit(session, release)
    on_rollback(session, release_after_rollback)
    _apply(entry, await repository.lock_and_read_after(session, doc_id, entry.last_update_id))
    return entry


async def read_state(
    session: AsyncSession, cache: DocumentCache, doc_id: UUID, state_vector: bytes | None
) -> bytes:
    """The committed document as one update, or only what `state_vector` lacks."""
    entry = cache.entry(doc_id)
    async with entry.lock:
        await _catch_up(session, entry)
        if state_vector is None:
            return entry.document.full_state()
        return entry.document.missing_since(state_vector)


async def state_vector(session: AsyncSession, cache: DocumentCache, doc_id: UUID) -> bytes:
    """What the committed document holds, as a Yjs state vector."""
    entry = cache.entry(doc_id)
    async with entry.lock:
        await _catch_up(session, entry)
        return entry.document.state_vector()


async def stored_after(
    session: AsyncSession, doc_id: UUID, after_id: int
) -> tuple[list[bytes], int]:
    """What was stored after `after_id` (the snapshot first when compaction merged some of it),
    and the id of the last update it includes."""
    rows = await repository.read_after(session, doc_id, after_id)
    return [row.payload for row in rows], rows[-1].update_id if rows else after_id


async def last_stored_id(session: AsyncSession, doc_id: UUID) -> int:
    return await repository.last_update_id(session, doc_id)


def local_update_row(entry: LoadedDocument, project_id: UUID, update: bytes) -> dict[str, Any]:
    """The crdt_updates row for an update this process made (its client id, next seq)."""
    entry.next_seq += 1
    return {
        "doc_id": entry.doc_id,
        "project_id": project_id,
        "client_id": str(entry.document.client_id),
        "seq": entry.next_seq - 1,
        "update": update,
    }


def stored(
    session: AsyncSession, entry: LoadedDocument, update: bytes, update_id: int | None
) -> None:
    """Note that `update` is stored as `update_id` (None: it was stored before), and have it
    announced to every process once the transaction commits."""
    if update_id is None:
        return
    announce_update(session, entry.doc_id, entry.last_update_id, update_id, update)
    entry.last_update_id = update_id
    entry.since_compaction += 1


async def store_local_update(
    session: AsyncSession, entry: LoadedDocument, project_id: UUID, update: bytes
) -> None:
    """Store an update this process made to the document."""
    row = local_update_row(entry, project_id, update)
    stored(session, entry, update, await repository.append_update(session, **row))


async def store_remote_update(
    session: AsyncSession,
    entry: LoadedDocument,
    project_id: UUID,
    update: bytes,
    *,
    client_id: str | None,
    seq: int | None,
) -> bool:
    """Store an update a client sent (already applied); False if it was stored before.

    Without a client id and sequence number, the update's digest identifies it.
    """
    entry.column_ends.clear()
    if client_id is None or seq is None:
        client_id, seq = "sha256:" + hashlib.sha256(update).hexdigest(), 0
    update_id = await repository.append_update(
        session,
        doc_id=entry.doc_id,
        project_id=project_id,
        client_id=client_id,
        seq=seq,
        update=update,
    )
    stored(session, entry, update, update_id)
    return update_id is not None


async def _catch_up(session: AsyncSession, entry: LoadedDocument) -> None:
    """Apply what other processes committed since this process last looked."""
    _apply(entry, await repository.read_after(session, entry.doc_id, entry.last_update_id))


def _apply(entry: LoadedDocument, rows: list[repository.Stored]) -> None:
    if not rows:
        return
    entry.document.apply_updates([row.payload for row in rows])
    entry.last_update_id = rows[-1].update_id
    entry.column_ends.clear()
    entry.document.verified_ids.clear()  # another process may have moved a card away
    entry.document.take_changes()  # already projected by whoever wrote them
    if rows[0].snapshot:
        entry.since_compaction = 0
    entry.since_compaction += sum(1 for row in rows if not row.snapshot)
