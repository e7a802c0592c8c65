"""Sign-up, sign-in and sign-out rules."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.auth import repository
from projectflow.auth.passwords import Passwords
from projectflow.auth.schemas import LoginIn, SignupIn
from projectflow.auth.tokens import hash_token, new_token
from projectflow.config import Settings
from projectflow.db.identity import Identity, act_as, unit_of_work
from projectflow.kit.errors import Conflict, TooManyRequests, Unauthorized
from projectflow.models import User

UNIQUE_VIOLATION = "23505"


class InvalidCredentials(Unauthorized):
    def __init__(self) -> None:
        super().__init__("Wrong email or password.")


async def sign_up(
    session: AsyncSession, settings: Settings, passwords: Passwords, data: SignupIn
) -> tuple[User, str]:
    """Create an account and its first token. The transaction acts as the new user.

    The password is hashed before the first query: the connection is not held meanwhile.
    """
    password_hash = await passwords.hash(data.password)
    await act_as(session, None)
    if await repository.email_taken(session, data.email):
        raise _email_taken()
    user_id = uuid4()
    await act_as(session, user_id)
    try:
        await repository.insert_user(
            session, user_id=user_id, email=data.email, name=data.name, password_hash=password_hash
        )
    except IntegrityError as error:
        if getattr(error.orig, "sqlstate", None) != UNIQUE_VIOLATION:
            raise
        raise _email_taken() from error  # a concurrent sign-up with the same email won the race
    await audit.record(
        session,
        AuditEntry(
            actor_id=user_id,
            action="user.signed_up",
            subject_type="user",
            subject_id=user_id,
            project_id=None,
        ),
    )
    return await _load_user(session, user_id), await _issue_token(session, settings, user_id)


async def log_in(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    passwords: Passwords,
    data: LoginIn,
    ip: str,
) -> tuple[User, str]:
    """Check the password within the login limits (see migration 0003).

    Two short transactions, and no connection held while the password is verified: the
    attempt is counted (or refused) first, and only a success writes anything else.
    """
    async with unit_of_work(sessionmaker, None) as session:
        wait = await repository.login_attempt(
            session,
            data.email,
            ip,
            free_per_pair=settings.login_free_attempts_per_account_address,
            free_per_address=settings.login_free_attempts_per_address,
            base_seconds=settings.login_slowdown_base_seconds,
            window_seconds=settings.login_window_seconds,
        )
        if wait:
            raise TooManyRequests(
                f"Too many failed sign-ins; wait {wait} s before trying again.", retry_after=wait
            )
        user_id, password_hash = await repository.credentials(session, data.email)
    # Verified even for unknown emails (against a dummy hash): both answers take as long.
    valid = await passwords.verify(password_hash, data.password)
    if user_id is None or not valid:
        raise InvalidCredentials()
    async with unit_of_work(sessionmaker, user_id) as session:
        await repository.login_succeeded(session, data.email, ip)
        await audit.record(
            session,
            AuditEntry(
                actor_id=user_id,
                action="user.logged_in",
                subject_type="user",
                subject_id=user_id,
                project_id=None,
                data={"ip": ip},
            ),
        )
        return await _load_user(session, user_id), await _issue_token(session, settings, user_id)


async def log_out(session: AsyncSession, user: Identity, token: str) -> None:
    await repository.revoke_token(session, hash_token(token))
    await audit.record(
        session,
        AuditEntry(
            actor_id=user.id,
            action="user.logged_out",
            subject_type="user",
            subject_id=user.id,
            project_id=None,
        ),
    )


async def _issue_token(session: AsyncSession, settings: Settings, user_id: UUID) -> str:
    token = new_token()
    await repository.insert_token(
        session,
        token_id=uuid4(),
        user_id=user_id,
        token_hash=hash_token(token),
        expires_at=datetime.now(UTC) + timedelta(hours=settings.token_ttl_hours),
    )
    return token


async def _load_user(session: AsyncSession, user_id: UUID) -> User:
    user = await repository.get_user(session, user_id)
    assert user is not None, "the acting user can always read its own row"
    return user


def _email_taken() -> Conflict:
    # Says no more than the sign-up form needs; per-address limits make probing slow.
    return Conflict(
        "This email cannot be used to sign up; sign in instead, or use another address.",
        details={"field": "email"},
    )
