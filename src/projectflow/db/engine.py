"""The application's engine and session factory, created in the lifespan, never at import."""

from typing import Any

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from projectflow.db.urls import async_url


def create_engine(url: str, *, pool_size: int = 10, pool_timeout: float = 30.0) -> AsyncEngine:
    """`pool_timeout`: how long a transaction waits for a connection when all are taken."""
    return create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=pool_timeout,
        pool_pre_ping=True,
        # Error messages (and so logs) never carry bound values: password hashes, tokens' hashes,
        # people's text.
        hide_parameters=True,
        # The app role must never depend on session state: identity is set per transaction.
        connect_args={"server_settings": {"application_name": "projectflow"}},
    )


def create_sessionmaker(
    engine: AsyncEngine, *, info: dict[str, Any] | None = None
) -> async_sessionmaker[AsyncSession]:
    """Sessions of `engine`; `info` is copied into every session's `info` (e.g. the event
    publisher that realtime/publisher.py finds there)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False, info=info)
