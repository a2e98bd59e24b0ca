"""What a trace processor and an exporter implement."""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from agents.tracing.spans import Span
    from agents.tracing.traces import Trace


class TracingProcessor(abc.ABC):
    """Receives traces and spans as they start and end.

    Called on the run's own task, so implementations must be quick and must not block; the
    SDK catches and logs anything they raise, and a run never fails because of one.
    """

    @abc.abstractmethod
    def on_trace_start(self, trace: Trace) -> None: ...

    @abc.abstractmethod
    def on_trace_end(self, trace: Trace) -> None: ...

    @abc.abstractmethod
    def on_span_start(self, span: Span[Any]) -> None: ...

    @abc.abstractmethod
    def on_span_end(self, span: Span[Any]) -> None: ...

    @abc.abstractmethod
    def shutdown(self) -> None:
        """Flush and release resources (called at exit)."""

    @abc.abstractmethod
    def force_flush(self) -> None:
        """Deliver everything buffered now."""


class TracingExporter(abc.ABC):
    """Sends finished traces and spans somewhere."""

    @abc.abstractmethod
    def export(self, items: list[Trace | Span[Any]]) -> None: ...
