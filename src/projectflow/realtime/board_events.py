"""Board change notices, published after commit to the board's subject (`boards.<id>.events`)
for integrations and live views: who changed what, never the content itself."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.collab.document import Changes
from projectflow.db.identity import actor_of
from projectflow.realtime.publisher import names_of, publish_after_commit


def announce_board_change(
    session: AsyncSession, board_id: UUID, kind: str, changes: Changes
) -> None:
    """Publish, after commit, that `board_id` changed (`kind`: the audit action, or
    `board.changed` for an edit that came as a document update)."""
    names = names_of(session)
    if names is None:
        return
    event: dict[str, Any] = {
        "board_id": str(board_id),
        "kind": kind,
        "actor": str(actor) if (actor := actor_of(session)) else None,
        "card_ids": sorted(str(card_id) for card_id in changes.card_ids),
        "column_ids": sorted(str(column_id) for column_id in changes.column_ids),
        "at": datetime.now(UTC).isoformat(),
    }
    publish_after_commit(session, names.board_events(board_id), event)
