"""Queries the label rules need: the project's label rows, and the cards that carry a label."""

from collections.abc import Iterable
from uuid import UUID, uuid4

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import Card, Label


async def colors(session: AsyncSession, project_id: UUID) -> dict[str, str]:
    rows = await session.execute(
        select(Label.name, Label.color).where(Label.project_id == project_id)
    )
    return dict(rows.all())


async def usage(session: AsyncSession, project_id: UUID) -> dict[str, int]:
    """How many cards carry each label the project's cards name."""
    name = func.unnest(Card.labels).label("name")
    used = select(name).where(Card.project_id == project_id).subquery()
    rows = await session.execute(select(used.c.name, func.count()).group_by(used.c.name))
    return dict(rows.all())


async def insert_missing(
    session: AsyncSession, project_id: UUID, colors: Iterable[tuple[str, str]]
) -> None:
    """Add labels the project has no row for; existing rows keep their colour."""
    rows = [
        {"id": uuid4(), "project_id": project_id, "name": name, "color": color}
        for name, color in colors
    ]
    if rows:
        await session.execute(insert(Label).values(rows).on_conflict_do_nothing())


async def upsert(session: AsyncSession, project_id: UUID, name: str, color: str) -> None:
    statement = insert(Label).values(id=uuid4(), project_id=project_id, name=name, color=color)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Label.project_id, Label.name], set_={"color": color}
        )
    )


async def rename(session: AsyncSession, project_id: UUID, old: str, new: str) -> None:
    await session.execute(
        update(Label).where(Label.project_id == project_id, Label.name == old).values(name=new)
    )


async def delete_label(session: AsyncSession, project_id: UUID, name: str) -> None:
    await session.execute(delete(Label).where(Label.project_id == project_id, Label.name == name))


async def cards_with(session: AsyncSession, project_id: UUID, name: str) -> dict[UUID, list[UUID]]:
    """Board id → the ids of its cards that carry the label."""
    rows = await session.execute(
        select(Card.board_id, Card.id).where(
            Card.project_id == project_id, Card.labels.contains([name])
        )
    )
    boards: dict[UUID, list[UUID]] = {}
    for board_id, card_id in rows:
        boards.setdefault(board_id, []).append(card_id)
    return boards
