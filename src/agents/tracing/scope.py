"""The current trace and span of the running task (context variables, so tasks don't mix)."""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from agents.tracing.spans import Span
    from agents.tracing.traces import Trace

_current_span: contextvars.ContextVar[Span[Any] | None] = contextvars.ContextVar(
    "current_span", default=None
)
_current_trace: contextvars.ContextVar[Trace | None] = contextvars.ContextVar(
    "current_trace", default=None
)


class Scope:
    """Reads and sets the current trace and span; integrations (Logfire) use it directly."""

    @classmethod
    def get_current_span(cls) -> Span[Any] | None:
        return _current_span.get()

    @classmethod
    def set_current_span(cls, span: Span[Any] | None) -> contextvars.Token[Span[Any] | None]:
        return _current_span.set(span)

    @classmethod
    def reset_current_span(cls, token: contextvars.Token[Span[Any] | None]) -> None:
        _current_span.reset(token)

    @classmethod
    def get_current_trace(cls) -> Trace | None:
        return _current_trace.get()

    @classmethod
    def set_current_trace(cls, trace: Trace | None) -> contextvars.Token[Trace | None]:
        return _current_trace.set(trace)

    @classmethod
    def reset_current_trace(cls, token: contextvars.Token[Trace | None]) -> None:
        _current_trace.reset(token)
