"""Long-lived loops owned by an async context manager: started on entry, cancelled on exit."""

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import anyio


@asynccontextmanager
async def background(*loops: Callable[[], Coroutine[Any, Any, None]]) -> AsyncIterator[None]:
    """Run `loops` while the block runs; they are cancelled (and awaited) when it ends.

    A loop must handle its own failures: one that raises takes the block down with it.
    """
    async with anyio.create_task_group() as group:
        for loop in loops:
            group.start_soon(loop)
        try:
            yield
        finally:
            group.cancel_scope.cancel()
