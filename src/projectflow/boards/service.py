"""Board rules: creating boards, the board view, and the binary document sync."""

import math
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID, uuid4

from pycrdt import merge_updates
from pydantic_core import to_json
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import BoardAccess, ProjectAccess
from projectflow.boardfiles.model import CommentData
from projectflow.boards import document_rules, repository, templates
from projectflow.boards.projection import CardChange
from projectflow.boards.schemas import BoardOut, BoardSummary, CardOut, ChecklistOut, DocApplied
from projectflow.boards.templates import TemplateName
from projectflow.boards.writer import (
    BoardWriter,
    create_board_document,
    open_board,
    store_new_document,
)
from projectflow.collab import compaction
from projectflow.collab import service as collab
from projectflow.collab.cache import DocumentCache, LoadedDocument
from projectflow.collab.document import MalformedUpdate
from projectflow.collab.jobs import COMPACT_KIND
from projectflow.collab.state import parse_uuid
from projectflow.collab.update_check import check_update
from projectflow.comments import repository as comment_rows
from projectflow.db.hooks import on_commit
from projectflow.jobs import service as jobs
from projectflow.kit.cpu import CpuPool
from projectflow.kit.errors import BadRequest
from projectflow.labels import service as labels
from projectflow.members import service as members
from projectflow.models import Board, Card

# A sync that changes more cards than this is audited as one summary row.
MAX_AUDITED_CARD_CHANGES = 200
# Bounds what decoding an update may cost: a whole board at its caps takes a few hundred
# thousand structs. Updates up to INLINE_CHECK_BYTES are checked here, larger ones elsewhere.
MAX_UPDATE_STRUCTS = 2_000_000
INLINE_CHECK_BYTES = 64 * 1024


class TypingBursts:
    """When each person's edits of each card were last audited (by one live document): an edit
    within BURST_SECONDS of that is part of the same burst."""

    BURST_SECONDS = 60.0

    def __init__(self) -> None:
        self._audited: dict[tuple[UUID, UUID], float] = {}

    def continues(self, user_id: UUID, card_id: UUID) -> bool:
        last = self._audited.get((user_id, card_id), -math.inf)
        return time.monotonic() - last < self.BURST_SECONDS

    def audited(self, session: AsyncSession, user_id: UUID, card_id: UUID) -> None:
        """Note, once the transaction commits, that a burst starts now."""
        key = (user_id, card_id)
        on_commit(session, lambda: self._audited.__setitem__(key, time.monotonic()))

    def forget_old(self) -> None:
        oldest = time.monotonic() - self.BURST_SECONDS
        for key in [key for key, at in self._audited.items() if at < oldest]:
            del self._audited[key]


async def create_board(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    name: str,
    template: TemplateName = "blank",
) -> BoardWriter:
    """A new board as `template` makes it (blank: the default columns), audited as
    `board.created`; returns the writer, still held until the transaction ends."""
    board_id = await _insert_board(session, access, name)
    writer = await create_board_document(session, cache, board_id, access.project_id)
    board = templates.build(templates.template(template, datetime.now(UTC)))
    # Before the cards name them: a label the project lacks would get a colour of its own.
    await labels.ensure_colors(session, access.project_id, board.labels)
    with writer.document.change():
        for column in board.columns:
            writer.document.put_column(column)
        for card in board.cards:
            writer.document.put_card(card)
    more = {"template": template} if template != "blank" else {}
    await writer.save(_created(access, board_id, name, **more))
    await _add_template_comments(session, access.project_id, board.comments)
    return writer


async def _add_template_comments(
    session: AsyncSession, project_id: UUID, comments: list[tuple[UUID, CommentData]]
) -> None:
    """By name only, as imported comments are: nobody in the project wrote them."""
    for card_id, comment in comments:
        await comment_rows.insert_comment(
            session,
            comment_id=uuid4(),
            card_id=card_id,
            project_id=project_id,
            author_id=None,
            author_name=comment.author,
            body=comment.body,
            created_at=comment.at,
        )


async def _insert_board(
    session: AsyncSession, access: ProjectAccess, name: str, source: str | None = None
) -> UUID:
    board_id = uuid4()
    await repository.insert_board(
        session,
        board_id=board_id,
        project_id=access.project_id,
        name=name,
        created_by=access.user_id,
        source=source,
    )
    return board_id


def _created(access: ProjectAccess, board_id: UUID, name: str, **more: str) -> AuditEntry:
    return AuditEntry(
        actor_id=access.user_id,
        action="board.created",
        subject_type="board",
        subject_id=board_id,
        project_id=access.project_id,
        data={"name": name, **more},
    )


async def create_board_from_document(
    session: AsyncSession,
    access: ProjectAccess,
    name: str,
    *,
    update: bytes,
    columns_json: bytes,
    cards_json: bytes,
    source: str | None = None,
) -> UUID:
    """A new board whose whole document was built elsewhere (an import, in a worker process),
    remembering where it came from (`source`), audited as `board.created`; returns its id."""
    board_id = await _insert_board(session, access, name, source)
    await store_new_document(
        session,
        board_id,
        access.project_id,
        update=update,
        columns_json=columns_json,
        cards_json=cards_json,
    )
    await audit.record(session, _created(access, board_id, name))
    return board_id


async def list_boards(session: AsyncSession, access: ProjectAccess) -> list[BoardSummary]:
    boards = await repository.list_boards(session, access.project_id)
    return [_summary(board) for board in boards]


async def board_view(session: AsyncSession, board_id: UUID, *, include_archived: bool) -> BoardOut:
    """Columns and cards in display order; cards whose column is gone show in the first one."""
    body = await board_view_json(session, board_id, include_archived=include_archived)
    return BoardOut.model_validate_json(body)


async def board_view_json(
    session: AsyncSession, board_id: UUID, *, include_archived: bool
) -> bytes:
    """`board_view` as JSON text, assembled around the cards' JSON from the database."""
    board = await repository.get_board(session, board_id)
    assert board is not None, "access to the board was checked"
    columns = await repository.columns_in_order(session, board_id)
    cards = await repository.card_json_by_column(
        session, board_id, include_archived=include_archived
    )
    homeless = [cards.pop(key) for key in list(cards) if key not in {c.id for c in columns}]
    parts = []
    for index, column in enumerate(columns):
        arrays = (
            [*homeless, cards.get(column.id, "[]")] if index == 0 else [cards.get(column.id, "[]")]
        )
        head = to_json(
            {
                "id": column.id,
                "name": column.name,
                "wip_limit": column.wip_limit,
                "done": column.done,
            }
        )
        parts.append(head[:-1] + b',"cards":' + _concat_json_arrays(arrays) + b"}")
    summary = to_json(_summary(board).model_dump())
    return summary[:-1] + b',"columns":[' + b",".join(parts) + b"]}"


def _concat_json_arrays(arrays: list[str]) -> bytes:
    items = [array.strip()[1:-1].strip() for array in arrays]
    return b"[" + ",".join(item for item in items if item).encode() + b"]"


async def read_document(
    session: AsyncSession, cache: DocumentCache, board_id: UUID, state_vector: bytes | None
) -> bytes:
    try:
        return await collab.read_state(session, cache, board_id, state_vector)
    except MalformedUpdate as error:
        raise BadRequest(f"state_vector is not a Yjs state vector: {error}") from error


async def apply_document_update(
    session: AsyncSession,
    cache: DocumentCache,
    cpu: CpuPool,
    access: BoardAccess,
    update: bytes,
    *,
    client_id: str | None,
    seq: int | None,
    via: str = "doc",
    typing: TypingBursts | None = None,
) -> DocApplied:
    """Merge a Yjs update from a client: checked like REST input, stored once, projected and
    audited per card (`via` how it came). A violation is a 422 and nothing is stored (the held
    document, changed in memory, is dropped with the rolled-back transaction)."""
    try:
        # Before the document is held: a big update is checked in a worker process meanwhile.
        if len(update) <= INLINE_CHECK_BYTES:
            check_update(update, max_structs=MAX_UPDATE_STRUCTS)
        else:
            await cpu.run(check_update, update, max_structs=MAX_UPDATE_STRUCTS)
        writer = await open_board(session, cache, access.board_id, access.project_id)
        writer.document.apply_update(update)
    except MalformedUpdate as error:
        raise BadRequest(
            f"The body is not a Yjs update (v1 encoding): {error}", details={"bytes": len(update)}
        ) from error
    await _check_document_changes(session, writer, access)
    stored = await collab.store_remote_update(
        session, writer.entry, access.project_id, update, client_id=client_id, seq=seq
    )
    changes = await writer.project()
    await _audit_sync(session, access, changes, via, typing)
    await _compact_when_due(session, writer.entry, access)
    return DocApplied(stored=stored, changed_cards=len(changes))


async def _compact_when_due(
    session: AsyncSession, entry: LoadedDocument, access: BoardAccess
) -> None:
    """Queue the document's compaction (in this transaction, as the writer) once enough
    updates piled up since this process last saw one."""
    if entry.since_compaction < compaction.COMPACT_AFTER_UPDATES:
        return
    board_id = str(entry.doc_id)
    key = f"compact:{board_id}:{entry.last_update_id}"
    await jobs.enqueue(
        session, access.access, COMPACT_KIND, {"board_id": board_id}, idempotency_key=key
    )
    entry.since_compaction = 0


async def apply_synced_updates(
    session: AsyncSession,
    cache: DocumentCache,
    cpu: CpuPool,
    access: BoardAccess,
    updates: list[bytes],
    typing: TypingBursts,
) -> DocApplied:
    """Updates that came together from live clients (`collab`), stored as one: one transaction,
    one row, one projection, and one audit row per card however many keystrokes they hold — and
    none for a card the same person was already editing (`typing`: a burst of typing is one
    audit row)."""
    try:
        update = updates[0] if len(updates) == 1 else merge_updates(*updates)
    except ValueError as error:
        raise BadRequest(f"Not Yjs updates (v1 encoding): {error}") from error
    return await apply_document_update(
        session, cache, cpu, access, update, client_id=None, seq=None, via="collab", typing=typing
    )


async def _check_document_changes(
    session: AsyncSession, writer: BoardWriter, access: BoardAccess
) -> None:
    """REST's rules on what the update touched; assignees it adds must be members."""
    changes = writer.document.pending_changes()
    assignees = document_rules.check_changes(writer.document, changes)
    if not assignees:
        return
    card_ids = [uid for key in changes.card_ids if (uid := parse_uuid(key))]
    added = assignees - await repository.assignees_of(session, card_ids)
    await members.require_members(session, access.project_id, sorted(added), "assignees")


async def _audit_sync(
    session: AsyncSession,
    access: BoardAccess,
    changes: list[CardChange],
    via: str,
    typing: TypingBursts | None,
) -> None:
    if len(changes) > MAX_AUDITED_CARD_CHANGES:
        await audit.record(
            session,
            AuditEntry(
                actor_id=access.user_id,
                action="board.synced",
                subject_type="board",
                subject_id=access.board_id,
                project_id=access.project_id,
                data={"changed_cards": len(changes), "via": via},
            ),
        )
        return
    for change in changes:
        if typing is not None and change.action == "updated":
            if typing.continues(access.user_id, change.card_id):
                continue
            typing.audited(session, access.user_id, change.card_id)
        await audit.record(
            session,
            AuditEntry(
                actor_id=access.user_id,
                action=f"card.{change.action}",
                subject_type="card",
                subject_id=change.card_id,
                project_id=access.project_id,
                data={"via": via},
            ),
        )


async def cards_out(session: AsyncSession, cards: Sequence[Card]) -> list[CardOut]:
    """Cards as the API shows them, with their comment counts (one query)."""
    counts = await repository.comment_counts(session, [card.id for card in cards])
    return [card_out(card, counts.get(card.id, 0)) for card in cards]


def card_out(card: Card, comment_count: int) -> CardOut:
    return CardOut(
        id=card.id,
        board_id=card.board_id,
        column_id=card.column_id,
        parent_id=card.parent_id,
        title=card.title,
        description=card.description,
        labels=card.labels,
        assignee_ids=card.assignee_ids,
        due=card.due,
        due_done=card.due_done,
        archived=card.archived,
        checklists=[ChecklistOut.model_validate(entry) for entry in card.checklists],
        comment_count=comment_count,
    )


def _summary(board: Board) -> BoardSummary:
    return BoardSummary(id=board.id, name=board.name, project_id=board.project_id)
