"""A span: one timed operation inside a trace (an agent, a model call, a tool, ...)."""

from __future__ import annotations

import contextvars
from types import TracebackType
from typing import Any, Generic, TypedDict, TypeVar

from agents.tracing.dispatch import DISPATCHER
from agents.tracing.scope import current_span
from agents.tracing.span_data import SpanData
from agents.tracing.timed import Timed

TSpanData = TypeVar("TSpanData", bound=SpanData)


class SpanError(TypedDict):
    message: str
    data: dict[str, Any] | None


class Span(Timed, Generic[TSpanData]):
    """Use as a context manager, or call start()/finish(). A disabled span records nothing."""

    __slots__ = ("error", "parent_id", "span_data", "span_id", "trace_id")

    def __init__(
        self,
        trace_id: str,
        span_id: str,
        parent_id: str | None,
        span_data: TSpanData,
        disabled: bool = False,
    ) -> None:
        self.trace_id = trace_id
        self.span_id = span_id
        self.parent_id = parent_id
        self.span_data = span_data
        self.disabled = disabled
        self.started_at: str | None = None
        self.ended_at: str | None = None
        self.error: SpanError | None = None
        self._token = None

    def __repr__(self) -> str:
        return f"Span(type={self.span_data.type!r}, span_id={self.span_id!r})"

    def _current_var(self) -> contextvars.ContextVar[Any]:
        return current_span

    def _started(self) -> None:
        DISPATCHER.span_start(self)

    def _ended(self) -> None:
        DISPATCHER.span_end(self)

    def set_error(self, error: SpanError) -> None:
        self.error = error

    def __enter__(self) -> Span[TSpanData]:
        self.start(mark_as_current=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None and self.error is None:
            self.set_error({"message": f"{type(exc).__name__}: {exc}", "data": None})
        self.finish(reset_current=True)

    def export(self) -> dict[str, Any] | None:
        if self.disabled:
            return None
        return {
            "object": "trace.span",
            "id": self.span_id,
            "trace_id": self.trace_id,
            "parent_id": self.parent_id,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "span_data": self.span_data.export(),
            "error": self.error,
        }
