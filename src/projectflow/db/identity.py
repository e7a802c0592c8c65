"""The RLS transaction guard: every unit of work says who it acts for, locally.

`set_config(..., true)` scopes the setting to the current transaction, so a pooled connection
never carries one request's identity into the next (a session-level SET would).
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_SET_USER = text("SELECT set_config('app.user_id', :uid, true)")
_RESOLVE_TOKEN = text(
    "SELECT set_config('app.user_id', COALESCE(auth_resolve_token(:hash)::text, ''), true)"
)


async def act_as(session: AsyncSession, user_id: UUID | None) -> None:
    """Make the current transaction act for `user_id` (None: nobody)."""
    await session.execute(_SET_USER, {"uid": str(user_id) if user_id else ""})


async def act_as_token_owner(session: AsyncSession, token_hash: bytes) -> UUID | None:
    """Resolve a bearer token and act as its owner in one statement; None if it is not valid."""
    value = (await session.execute(_RESOLVE_TOKEN, {"hash": token_hash})).scalar_one()
    return UUID(value) if value else None


@asynccontextmanager
async def unit_of_work(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: UUID | None
) -> AsyncIterator[AsyncSession]:
    """One transaction acting for `user_id`; commits on success, rolls back on error."""
    async with sessionmaker() as session, session.begin():
        await act_as(session, user_id)
        yield session
