"""Whether a stream litellm relayed was closed by the provider's own closing event.

litellm turns Anthropic's `message_delta` (which carries the stop reason) into the finish
reason of its Chat Completions chunks and stops reading at the next event that says nothing,
so a stream cut between `message_delta` and `message_stop` looks finished. Anthropic's
protocol ends a message only with `message_stop`; without it the answer is not known to be
whole (a proxy or load balancer dropped the rest), and the route treats it as a cut stream.

litellm's Anthropic iterator reads SSE lines from one generator and parses each event's data
through `chunk_parser`; the watch sits on both (an `event:` line names the event before its
data is parsed) and, when litellm stopped early, reads what is left of the body itself.
Other providers' streams are left alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from collections.abc import Callable
from typing import Any

_DELTA = "message_delta"
_STOP = "message_stop"


class StreamEnd:
    """Watches a litellm stream's raw Anthropic events for the closing `message_stop`."""

    def __init__(self) -> None:
        self.watching = False
        self.finished = False
        """A `message_delta` (the stop reason) was seen."""
        self.stopped = False
        """`message_stop` was seen."""
        self._lines: AsyncIterator[Any] | None = None

    @classmethod
    def watch(cls, stream: Any) -> StreamEnd:
        """Attach to `stream` (a litellm `CustomStreamWrapper`) when it relays Anthropic's
        Messages API; otherwise the watch reports nothing missing."""
        end = cls()
        inner: Any = getattr(stream, "completion_stream", None)
        parser = getattr(inner, "chunk_parser", None)
        lines: Any = getattr(inner, "streaming_response", None)
        if not (callable(parser) and _is_anthropic(inner) and hasattr(lines, "__anext__")):
            return end
        end.watching = True
        inner.chunk_parser = end._parse_with(parser)
        end._lines = end._lines_from(lines)
        inner.streaming_response = end._lines
        return end

    def _parse_with(self, parser: Callable[..., Any]) -> Callable[..., Any]:
        def parse(chunk: Any) -> Any:
            if isinstance(chunk, dict):
                self._saw(chunk.get("type"))
            return parser(chunk=chunk)

        return parse

    async def _lines_from(self, lines: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for line in lines:
            if isinstance(line, str) and line.startswith("event:"):
                self._saw(line[6:].strip())
            yield line

    def _saw(self, kind: object) -> None:
        if kind == _DELTA:
            self.finished = True
        elif kind == _STOP:
            self.stopped = True

    async def missing(self, timeout: float | None) -> str | None:
        """What the stream lacked at its end, if it was cut after its stop reason.

        litellm stops reading after the stop reason at the first event without content (a
        `ping`, say), so the rest of the body is read here, within `timeout`, before a
        missing `message_stop` is called a cut.
        """
        if not (self.watching and self.finished) or self.stopped:
            return None
        lines = self._lines
        if lines is not None:
            try:
                async with _within(timeout):
                    async for line in lines:
                        if isinstance(line, str) and line.startswith("data:") and _STOP in line:
                            self.stopped = True
                        if self.stopped:
                            break
            except TimeoutError:
                pass  # held open after the stop reason, and nothing more: not finished
            except Exception:
                # The rest of the body cannot be read here (litellm closed it, or the
                # connection dropped after the stop reason, which litellm itself accepts).
                return None
        if self.stopped:
            return None
        return "Anthropic's message_stop (the stream stopped after message_delta)"


def _within(seconds: float | None) -> contextlib.AbstractAsyncContextManager[Any]:
    if seconds is None or sys.version_info < (3, 11):
        return contextlib.nullcontext()
    return asyncio.timeout(seconds)


def _is_anthropic(iterator: Any) -> bool:
    return type(iterator).__module__.startswith("litellm.llms.anthropic.")
