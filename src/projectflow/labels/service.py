"""Label rules: a label is a project-level name and colour. Cards name their labels (in the
board document), so a label exists as soon as a card names it (with a colour of its own until
someone picks one), and renaming or deleting one rewrites every card that carries it."""

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.authz.service import ProjectAccess
from projectflow.boardfiles.model import LabelData
from projectflow.boards.writer import open_board
from projectflow.collab.cache import DocumentCache
from projectflow.kit.errors import Conflict, NotFound
from projectflow.labels import repository
from projectflow.labels.palette import color_for
from projectflow.labels.schemas import LabelCreate, LabelOut, LabelUpdate


async def list_labels(session: AsyncSession, access: ProjectAccess) -> list[LabelOut]:
    """Every label of the project: those with a row and those only cards name."""
    known = await _known(session, access.project_id)
    return [known[name] for name in sorted(known, key=lambda name: (name.casefold(), name))]


async def create_label(session: AsyncSession, access: ProjectAccess, data: LabelCreate) -> LabelOut:
    if data.name in await _known(session, access.project_id):
        raise Conflict(f'The project already has a label "{data.name}".', details=_NAME)
    color = data.color or color_for(data.name)
    await repository.upsert(session, access.project_id, data.name, color)
    await audit.record(session, _entry(access, "label.created", name=data.name, color=color))
    return LabelOut(name=data.name, color=color, cards=0)


async def update_label(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    name: str,
    data: LabelUpdate,
) -> LabelOut:
    """Recolour and/or rename a label (renaming rewrites every card that carries it)."""
    known = await _known(session, access.project_id)
    label = _found(known, name)
    new_name = data.name if data.name is not None else name
    color = data.color or label.color
    if new_name != name:
        if new_name in known:
            raise Conflict(f'The project already has a label "{new_name}".', details=_NAME)
        await _relabel(session, cache, access, name, new_name)
        await repository.rename(session, access.project_id, name, new_name)
    await repository.upsert(session, access.project_id, new_name, color)
    changes = data.model_dump(exclude_unset=True)
    await audit.record(session, _entry(access, "label.updated", name=name, changes=changes))
    return LabelOut(name=new_name, color=color, cards=label.cards)


async def delete_label(
    session: AsyncSession, cache: DocumentCache, access: ProjectAccess, name: str
) -> None:
    """Remove a label from the project and from every card that carries it."""
    label = _found(await _known(session, access.project_id), name)
    await _relabel(session, cache, access, name, None)
    await repository.delete_label(session, access.project_id, name)
    await audit.record(session, _entry(access, "label.deleted", name=name, cards=label.cards))


async def ensure_colors(
    session: AsyncSession, project_id: UUID, labels: Sequence[LabelData]
) -> None:
    """Give labels a board brings (an import, a template) their colours; a label the project
    already has keeps its own."""
    await repository.insert_missing(
        session, project_id, ((label.name, label.color) for label in labels)
    )


async def _relabel(
    session: AsyncSession,
    cache: DocumentCache,
    access: ProjectAccess,
    old: str,
    new: str | None,
) -> None:
    """Replace (or, with None, remove) a label on every card, board by board in id order."""
    boards = await repository.cards_with(session, access.project_id, old)
    for board_id in sorted(boards):
        writer = await open_board(session, cache, board_id, access.project_id)
        with writer.document.change():
            for card_id in boards[board_id]:
                card = writer.document.card(card_id)
                if card is None or old not in card.labels:
                    continue
                labels = [label for label in card.labels if label != old]
                if new is not None and new not in labels:
                    labels.append(new)
                writer.document.set_card(card_id, labels=labels)
        await writer.save()


async def _known(session: AsyncSession, project_id: UUID) -> dict[str, LabelOut]:
    """The project's labels by name: rows, and names only cards carry (coloured by name)."""
    colors = await repository.colors(session, project_id)
    usage = await repository.usage(session, project_id)
    return {
        name: LabelOut(
            name=name, color=colors.get(name) or color_for(name), cards=usage.get(name, 0)
        )
        for name in colors.keys() | usage.keys()
    }


def _found(known: dict[str, LabelOut], name: str) -> LabelOut:
    if name not in known:
        raise NotFound(f'The project has no label "{name}".')
    return known[name]


_NAME = {"field": "name"}


def _entry(access: ProjectAccess, action: str, **data: object) -> AuditEntry:
    return AuditEntry(access.user_id, action, "label", None, access.project_id, dict(data))
