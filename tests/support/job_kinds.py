"""Job kinds for tests (loaded through PROJECTFLOW_JOB_MODULES): real handlers with real
effects through the product's own services, whose timing and failures a test controls."""

import asyncio
from contextlib import AbstractAsyncContextManager, nullcontext

from projectflow.authz.permissions import Permission
from projectflow.authz.service import project_access
from projectflow.boards import service as boards
from projectflow.collab.cache import DocumentCache
from projectflow.jobs.context import JobContext, RetryableError
from projectflow.jobs.kinds import JobKind


async def make_board(context: JobContext) -> None:
    """Work for `seconds` in `steps` (with progress; each step `interruptible` if asked), then
    create a board named `name`: an effect a test can count."""
    steps = int(context.params.get("steps", 1))
    for step in range(steps):
        wait: AbstractAsyncContextManager[None] = (
            context.interruptible() if context.params.get("interruptible") else nullcontext()
        )
        async with wait:
            await asyncio.sleep(float(context.params.get("seconds", 0)) / steps)
        await context.progress((step + 1) / (steps + 1), f"step {step + 1} of {steps}")
    async with context.finish() as done:
        access = await project_access(
            done.session, context.user_id, context.project_id, Permission.CONTENT_WRITE
        )
        name = context.params["name"]
        writer = await boards.create_board(done.session, DocumentCache(1), access, name)
        done.result = {"board_id": str(writer.board_id)}


async def always_fail(context: JobContext) -> None:
    raise RetryableError(f"boom on attempt {context.job.attempts}")


KINDS = (
    JobKind("test.make_board", make_board),
    JobKind("test.fail", always_fail, max_attempts=3),
)
