"""`open_board`: the write path every board mutation goes through.

Change the document, then `save()`: the update is appended to crdt_updates and the changed
columns and cards are projected, all in the caller's transaction.
"""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit_log
from projectflow.audit.service import AuditEntry
from projectflow.boards.projection import (
    CardChange,
    insert_projection_json,
    project_changes,
    save_card_write,
)
from projectflow.collab import service as collab
from projectflow.collab.cache import DocumentCache, LoadedDocument
from projectflow.collab.document import BoardDocument
from projectflow.collab.state import CardState
from projectflow.realtime.board_events import announce_board_change

# The kind of a change that came as a document edit rather than a named operation.
CHANGED = "board.changed"


@dataclass(frozen=True)
class BoardWriter:
    session: AsyncSession
    entry: LoadedDocument
    board_id: UUID
    project_id: UUID

    @property
    def document(self) -> BoardDocument:
        return self.entry.document

    async def save(self, audit: AuditEntry | None = None) -> None:
        """Store what this process wrote to the document, project it, and write `audit`;
        the board's subscribers hear of it after commit."""
        announce_board_change(
            self.session,
            self.board_id,
            audit.action if audit is not None else CHANGED,
            self.document.pending_changes(),
        )
        update = self.document.take_update()
        if update is None:
            await self._project(trusted=True)
        elif (card := self._only_changed_card()) is not None:
            self.document.take_changes()
            row = collab.local_update_row(self.entry, self.project_id, update)
            update_id = await save_card_write(self.session, row, card, self.board_id, audit)
            collab.stored(self.session, self.entry, update, update_id)
            return
        else:
            await collab.store_local_update(self.session, self.entry, self.project_id, update)
            await self._project(trusted=True)
        if audit is not None:
            await audit_log.record(self.session, audit)

    def _only_changed_card(self) -> CardState | None:
        """The card, when the pending changes are to one existing card and nothing else."""
        changes = self.document.pending_changes()
        if changes.column_ids or len(changes.card_ids) != 1:
            return None
        return self.document.card(next(iter(changes.card_ids)))

    async def project(self) -> list[CardChange]:
        """Project changes that came from another client; returns what happened to cards."""
        announce_board_change(self.session, self.board_id, CHANGED, self.document.pending_changes())
        return await self._project(trusted=False)

    async def _project(self, *, trusted: bool) -> list[CardChange]:
        return await project_changes(
            self.session,
            board_id=self.board_id,
            project_id=self.project_id,
            document=self.document,
            changes=self.document.take_changes(),
            trusted=trusted,
        )


async def open_board(
    session: AsyncSession, cache: DocumentCache, board_id: UUID, project_id: UUID
) -> BoardWriter:
    entry = await collab.hold_for_write(session, cache, board_id)
    return BoardWriter(session, entry, board_id, project_id)


async def create_board_document(
    session: AsyncSession, cache: DocumentCache, board_id: UUID, project_id: UUID
) -> BoardWriter:
    entry = await collab.create_document(session, cache, board_id, project_id)
    return BoardWriter(session, entry, board_id, project_id)


async def store_new_document(
    session: AsyncSession,
    board_id: UUID,
    project_id: UUID,
    *,
    update: bytes,
    columns_json: bytes,
    cards_json: bytes,
) -> None:
    """A new board's whole document, built elsewhere, with its projection (an import's).

    Not loaded into any process's cache: the first reader loads it from the database.
    """
    await collab.store_new_document(session, board_id, project_id, update)
    await insert_projection_json(
        session, board_id, project_id, columns_json=columns_json, cards_json=cards_json
    )
