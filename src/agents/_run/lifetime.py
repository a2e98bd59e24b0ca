"""How long a run lives: its deadline, and the model streams it must close on the way out.

A run that is cancelled, times out or fails must leave nothing behind: no task still
running, no HTTP stream still open. The deadline runs the run as a task it cancels and
awaits; a model stream is closed where it is consumed, not whenever it is collected.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Coroutine
from contextlib import asynccontextmanager
from typing import Any
from typing import TypeVar

T = TypeVar("T")


def run_within(
    run: Coroutine[Any, Any, T], seconds: float | None, timed_out: Callable[[], BaseException]
) -> Awaitable[T]:
    """`run`, cancelled after `seconds` (None: no limit); then `timed_out()` is raised.

    The run is awaited until its cancellation has finished (its `finally` blocks closed
    their streams), and a cancellation of the caller reaches the run too. Without a limit
    `run` itself is returned: no extra coroutine on every run's path.
    """
    if seconds is None:
        return run
    return _within(run, seconds, timed_out)


async def _within(
    run: Coroutine[Any, Any, T], seconds: float, timed_out: Callable[[], BaseException]
) -> T:
    task = asyncio.ensure_future(run)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
    except BaseException:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        raise
    if task in done:
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    raise timed_out()


@asynccontextmanager
async def closing_stream(stream: AsyncIterator[Any]) -> AsyncIterator[None]:
    """Close `stream` (an async generator) on leaving the block, however it is left."""
    try:
        yield
    finally:
        closer = getattr(stream, "aclose", None)
        if closer is not None:
            await closer()
