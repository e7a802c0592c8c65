"""Record audit events. Every permissioned mutation calls `record` before its commit."""

from dataclasses import asdict, dataclass, field
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from projectflow.kit import request_context
from projectflow.models import AuditEvent

# The audit row's columns, in the order of `AuditEntry.row()`.
COLUMNS = (
    "id",
    "actor_id",
    "action",
    "subject_type",
    "subject_id",
    "project_id",
    "request_id",
    "data",
)
# Built once: every permissioned change runs it.
_INSERT = insert(AuditEvent).values({name: bindparam(name) for name in COLUMNS})


@dataclass(frozen=True)
class AuditEntry:
    actor_id: UUID
    action: str
    subject_type: str
    subject_id: UUID | None
    project_id: UUID | None
    data: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The row to insert, with a new id, the current request's id and what the change
        was made through (`via`), if anything."""
        row = asdict(self) | {"id": uuid4(), "request_id": request_context.request_id.get()}
        if (via := request_context.via.get()) is not None:
            row["data"] = row["data"] | {"via": via}
        return row


async def record(session: AsyncSession, entry: AuditEntry) -> None:
    """Append one audit row to the current transaction (no RETURNING: members may not read it)."""
    await session.execute(_INSERT, entry.row())


async def list_project_events(
    session: AsyncSession, project_id: UUID, *, limit: int
) -> list[AuditEvent]:
    """Newest first."""
    rows = await session.scalars(
        select(AuditEvent)
        .where(AuditEvent.project_id == project_id)
        .order_by(AuditEvent.seq.desc())
        .limit(limit)
    )
    return list(rows)
