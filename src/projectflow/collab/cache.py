"""The per-process LRU of loaded documents, so hot boards stay in memory."""

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from uuid import UUID

from projectflow.collab.document import BoardDocument


@dataclass
class LoadedDocument:
    """A document as this process knows it: everything up to `last_update_id` is applied."""

    doc_id: UUID
    document: BoardDocument = field(default_factory=BoardDocument)
    last_update_id: int = 0
    next_seq: int = 0
    # Held from the start of a write until its transaction ends (see service.hold_for_write).
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Per column, a position at or after its last card's. Kept by this process's own writes
    # and forgotten whenever an update from elsewhere is applied: appending to a column then
    # needs no query.
    column_ends: dict[UUID, str] = field(default_factory=dict)
    used_at: float = field(default_factory=time.monotonic)
    # Updates stored since this process last read a snapshot or queued a compaction (see
    # compaction.py).
    since_compaction: int = 0


class DocumentCache:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[UUID, LoadedDocument] = OrderedDict()

    def entry(self, doc_id: UUID) -> LoadedDocument:
        """The cached entry, or a new unloaded one (which may push out the least recent)."""
        entry = self._entries.get(doc_id)
        if entry is None:
            entry = self._entries[doc_id] = LoadedDocument(doc_id)
            self._shrink()
        self._entries.move_to_end(doc_id)
        entry.used_at = time.monotonic()
        return entry

    def drop_idle(self, idle_seconds: float) -> None:
        """Forget documents nobody read or wrote for `idle_seconds` (and nobody holds)."""
        oldest = time.monotonic() - idle_seconds
        for doc_id, entry in list(self._entries.items()):
            if entry.used_at >= oldest:
                break  # least recently used first: the rest are newer
            if not entry.lock.locked():
                del self._entries[doc_id]

    def evict(self, entry: LoadedDocument) -> None:
        """Forget `entry` (e.g. after a rolled-back write left it ahead of the database)."""
        if self._entries.get(entry.doc_id) is entry:
            del self._entries[entry.doc_id]

    def _shrink(self) -> None:
        # Entries in use stay: their holders still need them, and they are few.
        for doc_id in list(self._entries)[: max(0, len(self._entries) - self.capacity)]:
            if not self._entries[doc_id].lock.locked():
                del self._entries[doc_id]
