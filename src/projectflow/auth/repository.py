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


async def recent_login_failures(
    session: AsyncSession, email: str, ip: str, since: datetime
) -> tuple[int, int]:
    row = (
        await session.execute(
            text("SELECT by_account, by_ip FROM auth_recent_login_failures(:e, :ip, :since)"),
            {"e": email, "ip": ip, "since": since},
        )
    ).one()
    return row.by_account, row.by_ip


async def record_login_failure(session: AsyncSession, email: str, ip: str) -> None:
    await session.execute(text("SELECT auth_record_login_failure(:e, :ip)"), {"e": email, "ip": ip})


async def clear_login_failures(session: AsyncSession, email: str) -> None:
    await session.execute(text("SELECT auth_clear_login_failures(:e)"), {"e": email})
