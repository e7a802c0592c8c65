"""The RLS transaction guard: every unit of work says who it acts for, locally.

`set_config(..., true)` scopes the setting to the current transaction, so a pooled connection
never carries one request's identity into the next (a session-level SET would), and every
transaction starts as nobody. Authenticated requests set it in their first statement
(`act_as_token_owner`); anonymous ones (sign-up, login) say who they act for with `act_as`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_SET_USER = text("SELECT set_config('app.user_id', :uid, true)")
# Also kept on the session, for what runs after commit (the actor of published events).
ACTOR = "projectflow.actor"
_RESOLVE_TOKEN = text("SELECT id, email, name FROM auth_session(:hash)")


@dataclass(frozen=True)
class Identity:
    """Who the current transaction acts for."""

    id: UUID
    email: str
    name: str


async def act_as(session: AsyncSession, user_id: UUID | None) -> None:
    """Make the current transaction act for `user_id` (None: nobody)."""
    session.info[ACTOR] = user_id
    await session.execute(_SET_USER, {"uid": str(user_id) if user_id else ""})


async def act_as_token_owner(session: AsyncSession, token_hash: bytes) -> Identity | None:
    """Resolve a bearer token and act as its owner, in one statement; None if it is not valid
    (then the transaction acts as nobody)."""
    row = (await session.execute(_RESOLVE_TOKEN, {"hash": token_hash})).one()
    session.info[ACTOR] = row.id
    return Identity(row.id, row.email, row.name) if row.id else None


def actor_of(session: AsyncSession) -> UUID | None:
    """Whom the session's current transaction acts for (None: nobody)."""
    actor: UUID | None = session.info.get(ACTOR)
    return actor


@asynccontextmanager
async def unit_of_work(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: UUID | None
) -> AsyncIterator[AsyncSession]:
    """One transaction acting for `user_id`; commits on success, rolls back on error."""
    async with sessionmaker() as session, session.begin():
        await act_as(session, user_id)
        yield session
