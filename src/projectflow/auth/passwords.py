"""argon2id password hashing, off the event loop and a few at a time.

Each hash costs a core for tens of milliseconds: a flood of sign-ins must queue here rather than
take every core from the requests of everyone else.
"""

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2id with OWASP's parameters (19 MiB, 2 passes) and one lane: RFC 9106's profile uses four
# lanes, i.e. four threads per hash, so a few concurrent logins took every core from everyone.
# Hashes made with other parameters still verify (each hash records its own).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when the email is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("not a real password, only here to spend the same time")


class Passwords:
    """Hashes and verifies passwords in worker threads, at most `concurrency` at once."""

    def __init__(self, concurrency: int) -> None:
        self._limiter = anyio.CapacityLimiter(max(1, concurrency))

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(_hasher.hash, password, limiter=self._limiter)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return await anyio.to_thread.run_sync(
            _verify, password_hash or _DUMMY_HASH, password, limiter=self._limiter
        )


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
