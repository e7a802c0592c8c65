"""`projectflow worker`: one worker process against configured PostgreSQL and NATS, until
SIGINT or SIGTERM (then it winds down: jobs/worker.py)."""

import asyncio
import signal

import uvloop

from projectflow.config import Settings
from projectflow.jobs.worker import Worker, WorkerOptions
from projectflow.runtime.process import RuntimeStartError
from projectflow.runtime.supervisor import PreflightError


def run(settings: Settings, concurrency: int, kinds: tuple[str, ...]) -> None:
    if not settings.database_url or not settings.nats_url:
        raise PreflightError(
            "`projectflow worker` needs PROJECTFLOW_DATABASE_URL and PROJECTFLOW_NATS_URL"
        )
    try:
        worker = Worker(settings, WorkerOptions(concurrency=concurrency, kinds=kinds))
    except ValueError as error:
        raise PreflightError(str(error)) from None
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(_work(worker))


async def _work(worker: Worker) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await worker.run(stop)
    except RuntimeError as error:  # NATS or PostgreSQL unreachable at start
        raise RuntimeStartError(str(error)) from None
