"""`CpuPool`: CPU-heavy pure functions (parsing uploads, building documents and exports,
checking large updates) run in worker processes, never on the event loop.

A thread would not do: Python code in a thread holds the GIL, and the event loop then waits for
it at every await, so every other request slows down while a big file is parsed.
"""

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")


class CpuPool:
    """A process pool started on first use; `run` awaits one call. Functions and arguments
    must be picklable (module-level functions, plain data)."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None

    async def run(self, function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool(), partial(function, *args, **kwargs))

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # spawn: a fork of a process running an event loop and threads is not safe.
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._executor

    async def close(self) -> None:
        """Stop the workers once their current call ends; queued calls are cancelled."""
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)
