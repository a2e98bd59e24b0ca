"""The trace provider: makes traces and spans and hands them to the registered processors.

The structure is the reference SDK's (`DefaultTraceProvider._multi_processor._processors`
and its `_lock`), because instrumentations read and replace the processor list through it.
"""

from __future__ import annotations

import abc
import threading
import uuid
from datetime import datetime
from datetime import timezone
from typing import Any

from agents.tracing._otel_names import current_otel_span
from agents.tracing._otel_names import name_provider
from agents.tracing.config import TracingConfig
from agents.tracing.config import set_tracing_disabled
from agents.tracing.config import tracing_globally_disabled
from agents.tracing.logger import logger
from agents.tracing.processor_interface import TracingProcessor
from agents.tracing.scope import Scope
from agents.tracing.span_data import GenerationSpanData
from agents.tracing.span_data import ResponseSpanData
from agents.tracing.spans import NoOpSpan
from agents.tracing.spans import Span
from agents.tracing.spans import SpanImpl
from agents.tracing.spans import TSpanData
from agents.tracing.traces import NoOpTrace
from agents.tracing.traces import Trace
from agents.tracing.traces import TraceImpl


class SynchronousMultiTracingProcessor(TracingProcessor):
    """Calls every processor in turn; one that raises is logged (once) and skipped, so a
    broken exporter never breaks a run."""

    def __init__(self) -> None:
        # A tuple, so iterating while another thread registers a processor is safe.
        self._processors: tuple[TracingProcessor, ...] = ()
        self._lock = threading.Lock()
        self._warned: set[int] = set()

    def add_tracing_processor(self, tracing_processor: TracingProcessor) -> None:
        with self._lock:
            self._processors += (tracing_processor,)

    def set_processors(self, processors: list[TracingProcessor]) -> None:
        with self._lock:
            self._processors = tuple(processors)

    def _failed(self, processor: TracingProcessor, method: str, exc: Exception) -> None:
        key = id(processor)
        if key in self._warned:
            logger.debug("Tracing processor %s failed again in %s", processor, method)
            return
        self._warned.add(key)
        logger.warning(
            "Tracing processor %s failed in %s and was skipped: %s",
            type(processor).__name__,
            method,
            exc,
        )

    def _each(self, method: str, *args: Any) -> None:
        """Call `method` on every processor, in order; one that raises is skipped."""
        for processor in self._processors:
            try:
                getattr(processor, method)(*args)
            except Exception as exc:
                self._failed(processor, method, exc)

    def on_trace_start(self, trace: Trace) -> None:
        self._each("on_trace_start", trace)

    def on_trace_end(self, trace: Trace) -> None:
        self._each("on_trace_end", trace)

    def on_span_start(self, span: Span[Any]) -> None:
        data = span.span_data
        model_call = isinstance(data, GenerationSpanData | ResponseSpanData)
        before = current_otel_span() if model_call else None
        self._each("on_span_start", span)
        if model_call:
            try:
                name_provider(data.provider, before)
            except Exception as exc:  # never break a run over an attribute
                logger.debug("Could not name the provider on the OpenTelemetry span: %s", exc)

    def on_span_end(self, span: Span[Any]) -> None:
        self._each("on_span_end", span)

    def shutdown(self) -> None:
        self._each("shutdown")

    def force_flush(self) -> None:
        self._each("force_flush")


class TraceProvider(abc.ABC):
    """Makes traces and spans; replace it with `set_trace_provider` to change how."""

    @abc.abstractmethod
    def register_processor(self, processor: TracingProcessor) -> None:
        """Add a processor that receives every trace and span."""

    @abc.abstractmethod
    def set_processors(self, processors: list[TracingProcessor]) -> None:
        """Replace the processors."""

    @abc.abstractmethod
    def get_current_trace(self) -> Trace | None: ...

    @abc.abstractmethod
    def get_current_span(self) -> Span[Any] | None: ...

    @abc.abstractmethod
    def set_disabled(self, disabled: bool) -> None:
        """Turn tracing off (or on) for the whole process."""

    @abc.abstractmethod
    def time_iso(self) -> str: ...

    @abc.abstractmethod
    def gen_trace_id(self) -> str: ...

    @abc.abstractmethod
    def gen_span_id(self) -> str: ...

    @abc.abstractmethod
    def gen_group_id(self) -> str: ...

    @abc.abstractmethod
    def create_trace(
        self,
        name: str,
        trace_id: str | None = None,
        group_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        disabled: bool = False,
        tracing: TracingConfig | None = None,
    ) -> Trace: ...

    @abc.abstractmethod
    def create_span(
        self,
        span_data: TSpanData,
        span_id: str | None = None,
        parent: Trace | Span[Any] | None = None,
        disabled: bool = False,
    ) -> Span[TSpanData]: ...

    def force_flush(self) -> None:
        """Deliver everything buffered now (a no-op unless overridden)."""
        return None

    def shutdown(self) -> None:
        """Release resources at exit (a no-op unless overridden)."""
        return None


def _is_noop(item: Trace | Span[Any] | None) -> bool:
    return isinstance(item, NoOpSpan | NoOpTrace) or (
        item is not None and (item.trace_id == "no-op" or getattr(item, "span_id", "") == "no-op")
    )


class DefaultTraceProvider(TraceProvider):
    """Parents new spans to the current span (or trace); outside any trace, records nothing."""

    def __init__(self) -> None:
        self._multi_processor = SynchronousMultiTracingProcessor()

    def register_processor(self, processor: TracingProcessor) -> None:
        self._multi_processor.add_tracing_processor(processor)

    def set_processors(self, processors: list[TracingProcessor]) -> None:
        self._multi_processor.set_processors(processors)

    @property
    def processors(self) -> tuple[TracingProcessor, ...]:
        return self._multi_processor._processors

    def get_current_trace(self) -> Trace | None:
        return Scope.get_current_trace()

    def get_current_span(self) -> Span[Any] | None:
        return Scope.get_current_span()

    def set_disabled(self, disabled: bool) -> None:
        set_tracing_disabled(disabled)

    def time_iso(self) -> str:
        return datetime.now(timezone.utc).isoformat()

    def gen_trace_id(self) -> str:
        return f"trace_{uuid.uuid4().hex}"

    def gen_span_id(self) -> str:
        return f"span_{uuid.uuid4().hex[:24]}"

    def gen_group_id(self) -> str:
        return f"group_{uuid.uuid4().hex[:24]}"

    def create_trace(
        self,
        name: str,
        trace_id: str | None = None,
        group_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        disabled: bool = False,
        tracing: TracingConfig | None = None,
    ) -> Trace:
        if disabled or tracing_globally_disabled():
            return NoOpTrace()
        return TraceImpl(
            name=name,
            trace_id=trace_id or self.gen_trace_id(),
            group_id=group_id,
            metadata=metadata,
            processor=self._multi_processor,
            tracing_api_key=tracing.get("api_key") if tracing else None,
        )

    def create_span(
        self,
        span_data: TSpanData,
        span_id: str | None = None,
        parent: Trace | Span[Any] | None = None,
        disabled: bool = False,
    ) -> Span[TSpanData]:
        if disabled or span_id == "no-op" or tracing_globally_disabled():
            return NoOpSpan(span_data)
        trace_metadata: dict[str, Any] | None
        if parent is None:
            current_trace = Scope.get_current_trace()
            current_span = Scope.get_current_span()
            if current_trace is None or _is_noop(current_trace) or _is_noop(current_span):
                # Outside any trace (or inside a quiet one) there is nothing to attach to.
                return NoOpSpan(span_data)
            trace_id = current_trace.trace_id
            parent_id = current_span.span_id if current_span is not None else None
            api_key = current_trace.tracing_api_key
            trace_metadata = getattr(current_trace, "metadata", None)
        elif isinstance(parent, Trace):
            if _is_noop(parent):
                return NoOpSpan(span_data)
            trace_id, parent_id = parent.trace_id, None
            api_key = parent.tracing_api_key
            trace_metadata = getattr(parent, "metadata", None)
        else:
            if _is_noop(parent):
                return NoOpSpan(span_data)
            trace_id, parent_id = parent.trace_id, parent.span_id
            api_key = parent.tracing_api_key
            trace_metadata = parent.trace_metadata
        return SpanImpl(
            trace_id=trace_id,
            span_id=span_id or self.gen_span_id(),
            parent_id=parent_id,
            processor=self._multi_processor,
            span_data=span_data,
            tracing_api_key=api_key,
            trace_metadata=trace_metadata,
        )

    def force_flush(self) -> None:
        self._multi_processor.force_flush()

    def shutdown(self) -> None:
        self._multi_processor.shutdown()
