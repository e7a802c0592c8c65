"""Embedded PostgreSQL and NATS launchers and the child-process plumbing behind `projectflow up`.

The supervisor itself lives in `projectflow.runtime.supervisor` (it imports the web stack).
"""

from projectflow.runtime.nats import EmbeddedNats
from projectflow.runtime.postgres import EmbeddedPostgres
from projectflow.runtime.process import ChildProcess, Children, RunAs, RuntimeStartError

__all__ = [
    "ChildProcess",
    "Children",
    "EmbeddedNats",
    "EmbeddedPostgres",
    "RunAs",
    "RuntimeStartError",
]
