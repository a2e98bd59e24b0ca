"""A span: one timed operation inside a trace (an agent, a turn, a model call, a tool, ...).

`Span` is the interface processors see; `SpanImpl` is a recorded span and `NoOpSpan` the
stand-in used when tracing is off, so calling code never branches on whether it traces.
"""

from __future__ import annotations

import abc
import contextvars
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic
from typing import TypedDict
from typing import TypeVar
from typing import cast

from agents.tracing._lifetime import Lifetime
from agents.tracing._lifetime import Recorded
from agents.tracing._lifetime import Scoped
from agents.tracing._lifetime import Unrecorded
from agents.tracing.logger import logger
from agents.tracing.scope import Scope
from agents.tracing.span_data import SpanData
from agents.tracing.util import gen_span_id
from agents.tracing.util import time_iso

if TYPE_CHECKING:
    from agents.tracing.processor_interface import TracingProcessor

TSpanData = TypeVar("TSpanData", bound=SpanData)

_ROUTED_TRACE_METADATA = ("agent_harness_id",)
"""Trace metadata keys every exported span repeats, as the reference's exports do."""


class SpanError(TypedDict):
    message: str
    data: dict[str, Any] | None


def _error_of(exc: BaseException) -> SpanError:
    return {"message": f"{type(exc).__name__}: {exc}", "data": None}


class Span(Scoped, Generic[TSpanData]):
    """Use as a context manager, or call start()/finish()."""

    __slots__ = ()

    @property
    @abc.abstractmethod
    def span_id(self) -> str: ...

    @property
    @abc.abstractmethod
    def span_data(self) -> TSpanData: ...

    @property
    @abc.abstractmethod
    def parent_id(self) -> str | None: ...

    @abc.abstractmethod
    def set_error(self, error: SpanError) -> None: ...

    @property
    @abc.abstractmethod
    def error(self) -> SpanError | None: ...

    @property
    @abc.abstractmethod
    def started_at(self) -> str | None: ...

    @property
    @abc.abstractmethod
    def ended_at(self) -> str | None: ...

    @property
    def trace_metadata(self) -> dict[str, Any] | None:
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(type={self.span_data.type!r}, span_id={self.span_id!r})"


class _CurrentSpan(Lifetime):
    """A span's lifetime, made current through the running task's current-span variable."""

    def _set_current(self) -> contextvars.Token[Any]:
        return Scope.set_current_span(cast("Span[Any]", self))

    def _reset_current(self, token: contextvars.Token[Any]) -> None:
        Scope.reset_current_span(token)


class NoOpSpan(Unrecorded, _CurrentSpan, Span[TSpanData]):
    """Records nothing, but still nests: code inside sees it as the current span."""

    __slots__ = ("_span_data", "_token")

    def __init__(self, span_data: TSpanData) -> None:
        self._span_data = span_data
        self._token = None

    @property
    def span_id(self) -> str:
        return "no-op"

    @property
    def span_data(self) -> TSpanData:
        return self._span_data

    @property
    def parent_id(self) -> str | None:
        return None

    def set_error(self, error: SpanError) -> None:
        return None

    @property
    def error(self) -> SpanError | None:
        return None

    @property
    def started_at(self) -> str | None:
        return None

    @property
    def ended_at(self) -> str | None:
        return None


class SpanImpl(Recorded, _CurrentSpan, Span[TSpanData]):
    """A recorded span: its processor hears of its start and its end."""

    __slots__ = (
        "_ended_at",
        "_error",
        "_parent_id",
        "_processor",
        "_span_data",
        "_span_id",
        "_started_at",
        "_token",
        "_trace_id",
        "_trace_metadata",
        "_tracing_api_key",
    )

    def __init__(
        self,
        trace_id: str,
        span_id: str | None,
        parent_id: str | None,
        processor: TracingProcessor,
        span_data: TSpanData,
        tracing_api_key: str | None,
        trace_metadata: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(trace_id, processor, tracing_api_key)
        self._span_id = span_id or gen_span_id()
        self._parent_id = parent_id
        self._span_data = span_data
        self._trace_metadata = trace_metadata
        self._error: SpanError | None = None

    def __repr__(self) -> str:
        # The tracing key is deliberately absent.
        return f"Span(type={self._span_data.type!r}, span_id={self._span_id!r})"

    @property
    def span_id(self) -> str:
        return self._span_id

    @property
    def span_data(self) -> TSpanData:
        return self._span_data

    @property
    def parent_id(self) -> str | None:
        return self._parent_id

    def _begin(self) -> bool:
        return self._stamp("_started_at", "started", self._processor.on_span_start)

    def _end(self) -> bool:
        return self._stamp("_ended_at", "finished", self._processor.on_span_end)

    def _stamp(self, moment: str, done: str, tell: Callable[[Span[Any]], None]) -> bool:
        """Set the time of the `moment` attribute and `tell` the processor, once: a span
        started (or finished) twice only logs the second time."""
        if getattr(self, moment) is not None:
            logger.debug("Span %s already %s", self._span_id, done)
            return False
        setattr(self, moment, time_iso())
        tell(self)
        return True

    def _on_exception(self, exc_type: type[BaseException] | None, exc: BaseException) -> None:
        # An abandoned generator closing its span is not the span failing.
        if self._error is None and exc_type is not GeneratorExit:
            self._error = _error_of(exc)

    def set_error(self, error: SpanError) -> None:
        self._error = error

    @property
    def error(self) -> SpanError | None:
        return self._error

    @property
    def trace_metadata(self) -> dict[str, Any] | None:
        return self._trace_metadata

    def export(self) -> dict[str, Any] | None:
        payload: dict[str, Any] = {
            "object": "trace.span",
            "id": self._span_id,
            "trace_id": self._trace_id,
            "parent_id": self._parent_id,
            "started_at": self._started_at,
            "ended_at": self._ended_at,
            "span_data": self._span_data.export(),
            "error": self._error,
        }
        # The trace's routing keys ride on every span (a backend files spans by them), then
        # the span's own metadata (an agent span's, say) for keys not already set.
        metadata: dict[str, Any] = {
            key: self._trace_metadata[key]
            for key in _ROUTED_TRACE_METADATA
            if self._trace_metadata is not None and key in self._trace_metadata
        }
        own = getattr(self._span_data, "metadata", None)
        if isinstance(own, dict):
            metadata.update({k: v for k, v in own.items() if k not in metadata})
        if metadata:
            payload["metadata"] = metadata
        return payload
