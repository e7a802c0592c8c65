"""All of identity's queries. Lookups before sign-in go through the guard's functions."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.models import ApiToken, User


async def email_taken(session: AsyncSession, email: str) -> bool:
    return bool(await session.scalar(select(func.auth_email_taken(email))))


async def insert_user(
    session: AsyncSession, *, user_id: UUID, email: str, name: str, password_hash: str
) -> None:
    await session.execute(
        insert(User).values(id=user_id, email=email, name=name, password_hash=password_hash)
    )


async def get_user(session: AsyncSession, user_id: UUID) -> User | None:
    return await session.get(User, user_id)


async def credentials(session: AsyncSession, email: str) -> tuple[UUID | None, str | None]:
    row = (
        await session.execute(
            text("SELECT id, password_hash FROM auth_credentials(:e)"), {"e": email}
        )
    ).one()
    return row.id, row.password_hash


async def insert_token(
    session: AsyncSession, *, token_id: UUID, user_id: UUID, token_hash: bytes, expires_at: datetime
) -> None:
    await session.execute(
        insert(ApiToken).values(
            id=token_id, user_id=user_id, token_hash=token_hash, expires_at=expires_at
        )
    )


async def revoke_token(session: AsyncSession, token_hash: bytes) -> None:
    await session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
        .values(revoked_at=func.now())
    )


async def login_attempt(
    session: AsyncSession,
    email: str,
    ip: str,
    *,
    free_per_pair: int,
    free_per_address: int,
    base_seconds: int,
    window_seconds: int,
) -> int:
    """Count a login attempt, or refuse it: 0, or the seconds to wait (see migration 0003)."""
    wait = await session.scalar(
        text("SELECT auth_login_attempt(:e, :ip, :pair, :address, :base, :window)"),
        {
            "e": email,
            "ip": ip,
            "pair": free_per_pair,
            "address": free_per_address,
            "base": base_seconds,
            "window": window_seconds,
        },
    )
    return int(wait or 0)


async def login_succeeded(session: AsyncSession, email: str, ip: str) -> None:
    """Forgive the attempt: the pair starts afresh, the address gets one back."""
    await session.execute(text("SELECT auth_login_succeeded(:e, :ip)"), {"e": email, "ip": ip})
