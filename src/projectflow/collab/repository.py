"""All queries on the CRDT tables."""

from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import CrdtDoc, CrdtSnapshot, CrdtUpdate


async def insert_doc(session: AsyncSession, doc_id: UUID, project_id: UUID) -> None:
    await session.execute(insert(CrdtDoc).values(doc_id=doc_id, project_id=project_id))


async def lock_doc(session: AsyncSession, doc_id: UUID) -> bool:
    """Take the document's row lock for this transaction: writers of one document take turns,
    across processes, so updates get ids in commit order. False if there is no such document."""
    found = await session.scalar(
        select(CrdtDoc.doc_id).where(CrdtDoc.doc_id == doc_id).with_for_update()
    )
    return found is not None


async def snapshot(session: AsyncSession, doc_id: UUID) -> tuple[bytes, int] | None:
    row = (
        await session.execute(
            select(CrdtSnapshot.state, CrdtSnapshot.covers_update_id).where(
                CrdtSnapshot.doc_id == doc_id
            )
        )
    ).first()
    return (row.state, row.covers_update_id) if row else None


async def updates_after(
    session: AsyncSession, doc_id: UUID, after_id: int
) -> list[tuple[int, bytes]]:
    rows = await session.execute(
        select(CrdtUpdate.id, CrdtUpdate.update)
        .where(CrdtUpdate.doc_id == doc_id, CrdtUpdate.id > after_id)
        .order_by(CrdtUpdate.id)
    )
    return [(row.id, row.update) for row in rows]


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
    statement = (
        pg_insert(CrdtUpdate)
        .values(doc_id=doc_id, project_id=project_id, client_id=client_id, seq=seq, update=update)
        .on_conflict_do_nothing(index_elements=["doc_id", "client_id", "seq"])
        .returning(CrdtUpdate.id)
    )
    return await session.scalar(statement)
