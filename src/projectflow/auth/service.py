"""Sign-up, sign-in and sign-out rules."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from projectflow.audit import service as audit
from projectflow.audit.service import AuditEntry
from projectflow.auth import repository
from projectflow.auth.passwords import hash_password, verify_password
from projectflow.auth.schemas import LoginIn, SignupIn
from projectflow.auth.tokens import hash_token, new_token
from projectflow.config import Settings
from projectflow.db.identity import Identity, act_as, unit_of_work
from projectflow.kit.errors import Conflict, TooManyRequests, Unauthorized
from projectflow.models import User


class InvalidCredentials(Unauthorized):
    def __init__(self) -> None:
        super().__init__("Wrong email or password.")


async def sign_up(session: AsyncSession, settings: Settings, data: SignupIn) -> tuple[User, str]:
    """Create an account and its first token. The transaction acts as the new user."""
    await act_as(session, None)
    if await repository.email_taken(session, data.email):
        raise _email_taken(data.email)
    user_id = uuid4()
    await act_as(session, user_id)
    password_hash = await hash_password(data.password)
    try:
        await repository.insert_user(
            session, user_id=user_id, email=data.email, name=data.name, password_hash=password_hash
        )
    except IntegrityError as error:  # a concurrent sign-up with the same email won the race
        raise _email_taken(data.email) from error
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
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    data: LoginIn,
    ip: str,
) -> tuple[User, str]:
    """Check the password, within the per-account and per-IP failure limits."""
    await act_as(session, None)
    await _check_login_rate(session, settings, data.email, ip)
    user_id, password_hash = await repository.credentials(session, data.email)
    # Verified even for unknown emails (against a dummy hash): both answers take as long.
    valid = await verify_password(password_hash, data.password)
    if user_id is None or not valid:
        # Counted in a transaction of its own: this request's transaction rolls back.
        async with unit_of_work(sessionmaker, None) as failure_session:
            await repository.record_login_failure(failure_session, data.email, ip)
        raise InvalidCredentials()
    await act_as(session, user_id)
    await repository.clear_login_failures(session, data.email)
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


async def _check_login_rate(session: AsyncSession, settings: Settings, email: str, ip: str) -> None:
    window = settings.login_window_seconds
    since = datetime.now(UTC) - timedelta(seconds=window)
    by_account, by_ip = await repository.recent_login_failures(session, email, ip, since)
    if by_account >= settings.login_max_failures_per_account:
        raise TooManyRequests(
            "Too many failed sign-ins for this account; try again later.", retry_after=window
        )
    if by_ip >= settings.login_max_failures_per_ip:
        raise TooManyRequests(
            "Too many failed sign-ins from this address; try again later.", retry_after=window
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


def _email_taken(email: str) -> Conflict:
    return Conflict(
        f"An account with the email {email} already exists.", details={"field": "email"}
    )
