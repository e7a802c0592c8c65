"""Committed document updates, announced to every API process over NATS.

Each stored update goes out after its commit, as it is, on the document's subject
(`boards.<id>.updates`), with the id it was stored under and the id of the update before it
(writers of a document take turns under its row lock, so ids chain in commit order). A process
whose last update does not match `After-Id` missed something — a message NATS dropped, say — and
reads the gap from the database; the messages are a fast path, never the record.
"""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.realtime.publisher import names_of, publish_bytes_after_commit

UPDATE_ID = "Update-Id"
AFTER_ID = "After-Id"
# Past this size an update is announced without its bytes (NATS's default maximum message is
# 1 MiB): listeners read it from the database.
MAX_INLINE_BYTES = 512 * 1024


@dataclass(frozen=True)
class Announced:
    update_id: int
    after_id: int
    update: bytes | None  # None: read it from the database


def announce_update(
    session: AsyncSession, doc_id: UUID, after_id: int, update_id: int, update: bytes
) -> None:
    """Announce, once the session's transaction commits, that `update` is stored as `update_id`
    and follows `after_id`."""
    names = names_of(session)
    if names is None:
        return
    headers = {UPDATE_ID: str(update_id), AFTER_ID: str(after_id)}
    data = update if len(update) <= MAX_INLINE_BYTES else b""
    publish_bytes_after_commit(session, names.board_updates(doc_id), data, headers)


def parse_announced(headers: dict[str, str] | None, data: bytes) -> Announced | None:
    """An announcement as `announce_update` made it; None for anything else."""
    try:
        update_id, after_id = int((headers or {})[UPDATE_ID]), int((headers or {})[AFTER_ID])
    except (KeyError, ValueError):
        return None
    return Announced(update_id, after_id, data or None)
