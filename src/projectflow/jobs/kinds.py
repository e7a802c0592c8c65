"""Job kinds: a name, the handler that runs a job of that kind, and how often to try.

Features declare theirs in a `KINDS` tuple (transfers/jobs.py); `PROJECTFLOW_JOB_MODULES`
names further modules with a `KINDS` tuple, for kinds that ship outside this package.
"""

import importlib
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from projectflow.jobs.context import JobContext

KIND_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
BUILT_IN_MODULES = (
    "projectflow.transfers.jobs",
    "projectflow.ai.runs.jobs",
    "projectflow.collab.jobs",
)


@dataclass(frozen=True)
class JobKind:
    name: str
    run: "Callable[[JobContext], Awaitable[None]]"
    # Attempts before the job fails for good and is dead-lettered.
    max_attempts: int = 5

    def __post_init__(self) -> None:
        if not KIND_NAME.match(self.name) or len(self.name) > 64:
            raise ValueError(f"bad job kind name {self.name!r}")


def load_kinds(extra_modules: Iterable[str] = ()) -> dict[str, JobKind]:
    """Every kind of the built-in modules and of `extra_modules`, by name."""
    kinds: dict[str, JobKind] = {}
    for module_name in (*BUILT_IN_MODULES, *extra_modules):
        module = importlib.import_module(module_name)
        for kind in module.KINDS:
            if kind.name in kinds:
                raise ValueError(f"job kind {kind.name!r} is declared twice")
            kinds[kind.name] = kind
    return kinds
