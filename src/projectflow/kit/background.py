"""Long-lived loops owned by an async context manager: started on entry, cancelled on exit."""

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Self

import anyio

Loop = Callable[[], Coroutine[Any, Any, None]]


@asynccontextmanager
async def background(*loops: Loop) -> AsyncIterator[None]:
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


class Service:
    """An object whose `loops()` run while it is entered (`async with service:`)."""

    _running: AbstractAsyncContextManager[None] | None = None

    def loops(self) -> tuple[Loop, ...]:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        self._running = background(*self.loops())
        await self._running.__aenter__()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        assert self._running is not None
        await self._running.__aexit__(*exc_info)
