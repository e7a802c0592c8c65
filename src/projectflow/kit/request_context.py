"""The current request's id, and what a change is made through, for logs and audit rows."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
# Set while a change is made on a user's behalf by something else (an AI run: "ai_run:<id>");
# audit rows written meanwhile say so under `via`.
via: ContextVar[str | None] = ContextVar("via", default=None)


@contextmanager
def acting_via(name: str) -> Iterator[None]:
    token = via.set(name)
    try:
        yield
    finally:
        via.reset(token)
