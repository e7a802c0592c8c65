"""`SessionDep`: one transaction per request, committed before the response is sent."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


def get_sessionmaker(request: Request) -> async_sessionmaker[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return sessionmaker


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction, acting as nobody until authentication says otherwise (see
    db/identity.py); an exception rolls it back."""
    async with get_sessionmaker(request)() as session, session.begin():
        yield session


# scope="function": the commit happens before the response goes out, so a client never sees
# success for a transaction that then fails to commit.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
SessionmakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_sessionmaker)]
