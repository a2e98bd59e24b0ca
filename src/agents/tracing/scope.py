"""The current trace and span of the running task (context variables, so tasks don't mix)."""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agents.tracing.spans import Span
    from agents.tracing.traces import Trace

current_trace: contextvars.ContextVar[Trace | None] = contextvars.ContextVar(
    "freeagents_current_trace", default=None
)
current_span: contextvars.ContextVar[Span[Any] | None] = contextvars.ContextVar(
    "freeagents_current_span", default=None
)
