"""Callbacks that run once the current transaction commits, or once it rolls back.

Side effects that must not outlive a rolled-back transaction (published events, queued jobs,
in-memory state changed ahead of the commit) register here instead of happening inline.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

Callback = Callable[[], None]

_ON_COMMIT = "projectflow.on_commit"
_ON_ROLLBACK = "projectflow.on_rollback"


def on_commit(session: AsyncSession, callback: Callback) -> None:
    session.info.setdefault(_ON_COMMIT, []).append(callback)


def on_rollback(session: AsyncSession, callback: Callback) -> None:
    session.info.setdefault(_ON_ROLLBACK, []).append(callback)


def _run(session: Session, run: str, drop: str) -> None:
    session.info.pop(drop, None)
    for callback in session.info.pop(run, []):
        callback()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    _run(session, _ON_COMMIT, _ON_ROLLBACK)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session, *_: Any) -> None:
    _run(session, _ON_ROLLBACK, _ON_COMMIT)
