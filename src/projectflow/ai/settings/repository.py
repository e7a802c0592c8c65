"""The `ai_settings` row of a project."""

from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import AiSettings


async def get(session: AsyncSession, project_id: UUID) -> AiSettings | None:
    return await session.scalar(
        select(AiSettings)
        .where(AiSettings.project_id == project_id)
        .execution_options(populate_existing=True)
    )


async def put(session: AsyncSession, project_id: UUID, values: dict[str, Any]) -> AiSettings:
    statement = insert(AiSettings).values(project_id=project_id, **values)
    upsert = statement.on_conflict_do_update(
        index_elements=[AiSettings.project_id], set_=values | {"updated_at": func.now()}
    )
    row: AiSettings | None = await session.scalar(
        upsert.returning(AiSettings), execution_options={"populate_existing": True}
    )
    assert row is not None
    return row


async def remove(session: AsyncSession, project_id: UUID) -> bool:
    result = await session.execute(delete(AiSettings).where(AiSettings.project_id == project_id))
    return bool(getattr(result, "rowcount", 0))
