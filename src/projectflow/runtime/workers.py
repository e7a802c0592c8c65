"""Worker processes for `projectflow up`: between `workers_min` and `workers_max`, scaled by the
queue's backlog.

Every `workers_scale_interval_seconds` the fleet reads the consumers' state from JetStream:
jobs waiting that no worker has taken add a worker (up to the max); a queue with nothing waiting
and nothing in flight for `workers_idle_seconds` takes the newest worker away (down to the
min). A worker is stopped with SIGTERM, so it finishes or hands back its jobs (jobs/worker.py);
one that dies is replaced at the next tick. Their output goes to `DIR/workers.log`.
"""

import asyncio
import logging
import os
import sys
import time
from collections.abc import Iterable

from projectflow.config import Settings
from projectflow.jobs.backlog import Backlog, backlog
from projectflow.jobs.kinds import load_kinds
from projectflow.messaging.connection import connect_nats, disconnect_nats
from projectflow.messaging.names import Names
from projectflow.runtime.process import ChildProcess

logger = logging.getLogger(__name__)

LOG_FILE = "workers.log"


class WorkerFleet:
    """Start with `run()` (until cancelled); `stop()` stops every worker (Stoppable)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.names = Names(settings.nats_namespace)
        self.kinds = sorted(load_kinds(settings.job_modules))
        self.workers: list[ChildProcess] = []
        self._stopping: list[ChildProcess] = []
        self._started = 0
        self._idle_since: float | None = None
        self._log_file = settings.data_dir / LOG_FILE

    @property
    def size(self) -> int:
        return len(self.workers)

    async def run(self) -> None:
        client = await connect_nats(self._nats_url())
        try:
            js = client.jetstream()
            while True:
                self._replace_dead()
                try:
                    figures = await backlog(js, self.names, self.kinds)
                except Exception as error:  # NATS away: keep the workers we have
                    logger.warning("cannot read the queue's backlog: %s", error)
                else:
                    await self.scale(figures.values())
                await asyncio.sleep(self.settings.workers_scale_interval_seconds)
        finally:
            await disconnect_nats(client)

    async def scale(self, figures: Iterable[Backlog]) -> None:
        """One step towards what the backlog asks for."""
        figures = list(figures)
        waiting = sum(figure.pending for figure in figures)
        busy = waiting + sum(figure.in_flight for figure in figures)
        now = time.monotonic()
        self._idle_since = None if busy else (self._idle_since or now)
        if self.size < self.settings.workers_min or (
            waiting and self.size < self.settings.workers_max
        ):
            self._start_one(f"{waiting} jobs waiting" if waiting else "the minimum")
        elif (
            self.size > self.settings.workers_min
            and self._idle_since is not None
            and now - self._idle_since >= self.settings.workers_idle_seconds
        ):
            self._idle_since = now  # one at a time, each after a full idle period
            await self._stop_one()

    def _start_one(self, reason: str) -> None:
        self._started += 1
        worker = ChildProcess(
            f"worker-{self._started}",
            [sys.executable, "-m", "projectflow.cli", "worker"],
            log_file=self._log_file,
            env=self._env(),
        )
        worker.start()
        self.workers.append(worker)
        logger.info("started %s (%s); %d running", worker.name, reason, self.size)

    async def _stop_one(self) -> None:
        worker = self.workers.pop()
        logger.info("stopping %s (the queue is idle); %d left", worker.name, self.size)
        self._stopping.append(worker)
        try:
            await worker.stop(self._stop_timeout())
        finally:
            self._stopping.remove(worker)

    def _replace_dead(self) -> None:
        for worker in [w for w in self.workers if w.returncode is not None]:
            logger.error(
                "%s exited (status %s):\n%s", worker.name, worker.returncode, worker.log_tail()
            )
            self.workers.remove(worker)

    async def stop(self, timeout: float | None = None) -> None:  # noqa: ASYNC109
        """Stop every worker at once; each finishes or hands back its jobs first."""
        workers, self.workers = [*self.workers, *self._stopping], []
        grace = self._stop_timeout() if timeout is None else timeout
        await asyncio.gather(*(worker.stop(grace) for worker in workers))

    def _stop_timeout(self) -> float:
        return self.settings.worker_grace_seconds + 5

    def _env(self) -> dict[str, str]:
        return dict(os.environ) | self.settings.to_env()

    def _nats_url(self) -> str:
        assert self.settings.nats_url
        return self.settings.nats_url
