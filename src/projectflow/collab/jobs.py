"""`collab.compact`: a board document's compaction as a job (queued by the write path once
enough updates piled up, see boards/service.py), run as its creator once the board is quiet."""

import asyncio
import time
from uuid import UUID

from projectflow.authz.dependencies import board_access
from projectflow.authz.permissions import Permission
from projectflow.collab import compaction
from projectflow.jobs.context import JobContext
from projectflow.jobs.kinds import JobKind

COMPACT_KIND = "collab.compact"


class NoMaintenanceRole(Exception):
    pass


async def run_compact(context: JobContext) -> None:
    engine = context.services.maintenance
    if engine is None:
        raise NoMaintenanceRole(
            "compaction needs PROJECTFLOW_MAINTENANCE_DATABASE_URL (`projectflow up` sets it)"
        )
    board_id = UUID(context.params["board_id"])
    async with context.transaction() as session:  # the creator may still write the board
        await board_access(session, context.user_id, board_id, Permission.CONTENT_WRITE)
    quiet = context.services.settings.collab_compact_quiet_seconds
    await context.progress(0.1, "Waiting for the board to go quiet")
    deadline = time.monotonic() + compaction.MAX_WAIT_SECONDS
    while (idle := await compaction.seconds_since_last_write(engine, board_id)) < quiet:
        if time.monotonic() >= deadline:
            break
        async with context.interruptible():
            await asyncio.sleep(quiet - idle)
    await context.progress(0.5, "Merging the board's updates")
    compacted = await compaction.compact(engine, context.cpu, board_id, actor=context.user_id)
    async with context.finish() as done:
        done.message = compaction.describe(compacted).capitalize()
        done.result = {"board_id": str(board_id)}
        if compacted is not None:
            done.result |= {
                "updates": compacted.updates,
                "bytes_before": compacted.bytes_before,
                "bytes_after": compacted.bytes_after,
            }


KINDS = (JobKind(COMPACT_KIND, run_compact, max_attempts=3),)
