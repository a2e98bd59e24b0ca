"""Reading a stream safely: its end must be announced, and its silences are bounded.

Two faults look like success to an HTTP client. A stream whose body ends cleanly before the
protocol's closing event (a finish reason, `[DONE]`, Anthropic's `message_stop`, the
Responses API's `response.completed`) is a cut answer, not a short one: the routes raise
`IncompleteStream` for it, which `wire_errors.typed` turns into a retryable
`ProviderConnectionError`. And a server that keeps a connection alive with SSE comments or
empty events while sending nothing resets the HTTP read timeout forever: `bounded` times the
silence between *content* events instead, so keep-alives do not count.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from collections.abc import Callable
from typing import Any
from typing import TypeVar

T = TypeVar("T")

DEFAULT_TIMEOUT = 300.0
"""Seconds a request may wait when neither `ModelSettings.timeout` nor the client sets one
(the `openai` client's own default is 600 s, retried twice: half an hour on a dead server)."""


class IncompleteStream(Exception):
    """The stream ended without the event that says the answer is complete."""

    def __init__(self, missing: str, *, empty: bool = False) -> None:
        self.missing = missing
        self.empty = empty
        super().__init__(missing)


class StreamIdle(TimeoutError):
    """No content event arrived within the timeout (keep-alives do not count)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"no content for {seconds:g}s (keep-alive comments do not count)")


async def _next_within(iterator: AsyncIterator[T], seconds: float) -> T:
    """The next item, or TimeoutError after `seconds`.

    Not `asyncio.wait_for`: before Python 3.12 it runs the read in a task of its own and
    can swallow a cancellation that lands as the item arrives, so a cancelled or timed-out
    run would read its stream to the end instead of closing it.
    """
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(seconds):
            return await iterator.__anext__()
    return await asyncio.wait_for(iterator.__anext__(), seconds)  # pragma: no cover


class IdleClock:
    """When a stream's silence ends it: the time its last content came, plus the timeout.

    `bounded` moves it for each item its `is_content` calls content. A reader that judges
    content itself (the chat route's lean path, which is handed a socket read's chunks at a
    time and looks at each chunk anyway) moves it with `touch()` as it takes each content
    chunk, so the deadline follows content exactly as it would through `is_content`.
    """

    __slots__ = ("at", "now", "timeout")

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.now = _clock(asyncio.get_running_loop())
        self.at = self.now() + timeout

    def touch(self) -> None:
        self.at = self.now() + self.timeout


def bounded(
    items: AsyncIterator[T], timeout: float | None, is_content: Callable[[T], bool]
) -> AsyncIterator[T]:
    """`items`, raising `StreamIdle` when `timeout` seconds pass without a content item."""
    if timeout is None:
        return _unbounded(items)
    return _guarded(items, IdleClock(timeout), is_content)


def bounded_by(
    items: AsyncIterator[T], timeout: float | None
) -> tuple[AsyncIterator[T], IdleClock | None]:
    """`items`, raising `StreamIdle` when the returned clock is not touched for `timeout`
    seconds (None, and `items` as they are, without a timeout): the reader touches it for
    each content item it takes."""
    if timeout is None:
        return items, None
    clock = IdleClock(timeout)
    return _guarded(items, clock, None), clock


def _guarded(
    items: AsyncIterator[T], clock: IdleClock, is_content: Callable[[T], bool] | None
) -> AsyncIterator[T]:
    if sys.version_info >= (3, 11):
        return _rearmed(items, clock, is_content)
    return _per_read(items, clock, is_content)  # pragma: no cover - Python 3.10


async def _unbounded(items: AsyncIterator[T]) -> AsyncIterator[T]:
    async for item in items:
        yield item


async def _per_read(
    items: AsyncIterator[T], clock: IdleClock, is_content: Callable[[T], bool] | None
) -> AsyncIterator[T]:  # pragma: no cover - Python 3.10: a deadline per read
    iterator = items.__aiter__()
    timeout = clock.timeout
    clock.touch()
    while True:
        remaining = clock.at - clock.now()
        if remaining <= 0:
            raise StreamIdle(timeout)
        try:
            item = await _next_within(iterator, remaining)
        except StopAsyncIteration:
            return
        except asyncio.TimeoutError:
            raise StreamIdle(timeout) from None
        if is_content is not None and is_content(item):
            clock.touch()
        yield item


def _clock(loop: asyncio.AbstractEventLoop) -> Callable[[], float]:
    """The loop's clock, as cheap to read as it gets: asyncio's own loop reads
    `time.monotonic` through a Python method; calling the C function directly gives the same
    figures (another loop, uvloop say, keeps its own method)."""
    if type(loop).time is asyncio.BaseEventLoop.time:
        return time.monotonic
    return loop.time


if sys.version_info >= (3, 11):

    async def _rearmed(
        items: AsyncIterator[T], clock: IdleClock, is_content: Callable[[T], bool] | None
    ) -> AsyncIterator[T]:
        """`bounded` with no timer work per item: one `call_at` timer, re-armed lazily.

        A content item only moves the clock's deadline (one clock read). The timer, armed
        at the first read, checks when it fires whether the deadline moved since it was
        armed: if so it arms itself again for the new one; if not, the stream has been
        silent for the timeout: a read in progress is cancelled (the task's cancellation,
        counted and undone as `asyncio.timeout` does, becomes `StreamIdle`), and an item out
        with the consumer is left alone there (the deadline must not fire in the consumer's
        code) but the next read fails at once. Keep-alives never reach this loop or are not
        content, so they move nothing.
        """
        iterator = items.__aiter__()
        loop = asyncio.get_running_loop()
        timeout = clock.timeout
        task = asyncio.current_task()
        if task is None:  # pragma: no cover - an async generator always runs in a task
            raise RuntimeError("bounded() must run inside a task")
        cancelling = task.cancelling()
        clock.touch()
        armed_for = clock.at
        reading = False
        expired = False
        fired = False

        def wake() -> None:
            nonlocal handle, armed_for, expired, fired
            if clock.at != armed_for:  # content came since: wait for the new deadline
                armed_for = clock.at
                handle = loop.call_at(armed_for, wake)
                return
            handle = None
            if reading:
                fired = True
                task.cancel()
            else:
                expired = True

        handle: asyncio.TimerHandle | None = loop.call_at(armed_for, wake)
        try:
            while True:
                if expired:
                    raise StreamIdle(timeout)
                reading = True
                try:
                    item = await iterator.__anext__()
                except StopAsyncIteration:
                    return
                except asyncio.CancelledError:
                    if fired and task.uncancel() <= cancelling:
                        raise StreamIdle(timeout) from None
                    raise
                reading = False
                if fired:  # the read swallowed the cancellation and went on
                    task.uncancel()
                    raise StreamIdle(timeout)
                if is_content is not None and is_content(item):
                    clock.touch()
                yield item
        finally:
            if handle is not None:
                handle.cancel()
            del wake  # it names itself: without this, a cycle left for the collector


_DELTA_FIELDS = (
    "content",
    "tool_calls",
    "refusal",
    "reasoning_content",
    "reasoning",
    "function_call",
)


def chat_chunk_has_content(chunk: Any) -> bool:
    """Whether a Chat Completions chunk says anything (a delta, a finish reason, usage).

    A chunk read as parsed JSON (every chunk of the lean path, so written out flat): any
    field of a delta but its role counts, as the declared fields and the provider extras
    do on the typed chunk; a delta with text answers on its first key."""
    if type(chunk) is not dict:
        return _typed_chunk_has_content(chunk)
    for choice in chunk.get("choices") or ():
        if type(choice) is not dict:
            continue  # unreadable: the converter says so
        delta = choice.get("delta")
        if type(delta) is dict:
            for key, value in delta.items():
                if value and key != "role":
                    return True
        if choice.get("finish_reason"):
            return True
    return chunk.get("usage") is not None


def _typed_chunk_has_content(chunk: Any) -> bool:
    if getattr(chunk, "usage", None) is not None:
        return True
    for choice in getattr(chunk, "choices", None) or []:
        if getattr(choice, "finish_reason", None):
            return True
        delta = getattr(choice, "delta", None)
        if delta is None:
            continue
        if any(getattr(delta, name, None) for name in _DELTA_FIELDS):
            return True
        extra = getattr(delta, "model_extra", None)  # provider fields (reasoning, ...)
        if isinstance(extra, dict) and any(extra.values()):
            return True
    return False


def responses_event_has_content(event: Any) -> bool:
    """Whether a Responses API event is one of the protocol's (not a keep-alive)."""
    kind = getattr(event, "type", None)
    return isinstance(kind, str) and (kind.startswith("response.") or kind == "error")


def effective_timeout(configured: float | None, client_timeout: Any) -> float | None:
    """The bound on one request's silences: `ModelSettings.timeout`, else the client's read
    timeout when it is not the library's half-hour default, else `DEFAULT_TIMEOUT`."""
    if configured is not None:
        return float(configured)
    read = getattr(client_timeout, "read", client_timeout)
    if isinstance(read, int | float) and not isinstance(read, bool) and read != 600:
        return float(read)
    return DEFAULT_TIMEOUT
