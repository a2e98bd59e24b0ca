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
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

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


def bounded(
    items: AsyncIterator[T], timeout: float | None, is_content: Callable[[T], bool]
) -> AsyncIterator[T]:
    """`items`, raising `StreamIdle` when `timeout` seconds pass without a content item."""
    if timeout is None:
        return _unbounded(items)
    if sys.version_info >= (3, 11):
        return _rearmed(items, timeout, is_content)
    return _per_read(items, timeout, is_content)  # pragma: no cover - Python 3.10


async def _unbounded(items: AsyncIterator[T]) -> AsyncIterator[T]:
    async for item in items:
        yield item


async def _per_read(
    items: AsyncIterator[T], timeout: float, is_content: Callable[[T], bool]
) -> AsyncIterator[T]:  # pragma: no cover - Python 3.10: a deadline per read
    iterator = items.__aiter__()
    loop = asyncio.get_running_loop()
    last = loop.time()
    while True:
        remaining = timeout - (loop.time() - last)
        if remaining <= 0:
            raise StreamIdle(timeout)
        try:
            item = await _next_within(iterator, remaining)
        except StopAsyncIteration:
            return
        except asyncio.TimeoutError:
            raise StreamIdle(timeout) from None
        if is_content(item):
            last = loop.time()
        yield item


if sys.version_info >= (3, 11):

    async def _rearmed(
        items: AsyncIterator[T], timeout: float, is_content: Callable[[T], bool]
    ) -> AsyncIterator[T]:
        """`bounded` with one deadline for the whole stream, moved rather than rebuilt per
        read (a new `asyncio.timeout` per chunk costs more than reading the chunk).

        The deadline is lifted while an item is out with the consumer (it must not fire in
        the consumer's code), and set again, `timeout` after the last content item, before
        each read: a keep-alive does not move it.
        """
        iterator = items.__aiter__()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            async with asyncio.timeout(None) as guard:
                while True:
                    if loop.time() >= deadline:
                        raise StreamIdle(timeout)
                    guard.reschedule(deadline)
                    try:
                        item = await iterator.__anext__()
                    except StopAsyncIteration:
                        return
                    guard.reschedule(None)
                    if is_content(item):
                        deadline = loop.time() + timeout
                    yield item
        except asyncio.TimeoutError as err:
            if isinstance(err, StreamIdle):
                raise
            raise StreamIdle(timeout) from None


_DELTA_FIELDS = (
    "content",
    "tool_calls",
    "refusal",
    "reasoning_content",
    "reasoning",
    "function_call",
)


def _dict_chunk_has_content(chunk: dict[str, Any]) -> bool:
    """`chat_chunk_has_content` for a chunk read as parsed JSON: any field of a delta but
    its role counts, as the declared fields and the provider extras do on the typed chunk."""
    if chunk.get("usage") is not None:
        return True
    for choice in chunk.get("choices") or ():
        if type(choice) is not dict:
            continue  # unreadable: the converter says so
        if choice.get("finish_reason"):
            return True
        delta = choice.get("delta")
        if type(delta) is dict and any(v for k, v in delta.items() if k != "role"):
            return True
    return False


def chat_chunk_has_content(chunk: Any) -> bool:
    """Whether a Chat Completions chunk says anything (a delta, a finish reason, usage)."""
    if type(chunk) is dict:
        return _dict_chunk_has_content(chunk)
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
