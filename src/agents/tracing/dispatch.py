"""Delivers trace and span events to the registered processors, never failing the caller."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agents.tracing.processor_interface import TracingProcessor
    from agents.tracing.spans import Span
    from agents.tracing.traces import Trace

logger = logging.getLogger("openai.agents.tracing")


class Dispatcher:
    """Holds the processors; a processor that raises is logged once and skipped."""

    def __init__(self) -> None:
        self._processors: tuple[TracingProcessor, ...] | None = None
        self._lock = threading.Lock()
        self._warned: set[int] = set()

    @property
    def processors(self) -> tuple[TracingProcessor, ...]:
        if self._processors is None:
            from agents.tracing.defaults import default_processors

            with self._lock:
                if self._processors is None:
                    self._processors = tuple(default_processors())
        return self._processors

    def add(self, processor: TracingProcessor) -> None:
        with self._lock:
            self._processors = (*self.processors_unlocked(), processor)

    def set(self, processors: list[TracingProcessor]) -> None:
        with self._lock:
            old = self._processors or ()
            self._processors = tuple(processors)
        for processor in old:
            if processor not in processors:
                self._safe(processor, "shutdown", None)

    def processors_unlocked(self) -> tuple[TracingProcessor, ...]:
        if self._processors is None:
            from agents.tracing.defaults import default_processors

            self._processors = tuple(default_processors())
        return self._processors

    def _safe(self, processor: TracingProcessor, method: str, arg: Any) -> None:
        try:
            if arg is None:
                getattr(processor, method)()
            else:
                getattr(processor, method)(arg)
        except Exception as exc:  # a processor must never break a run
            key = id(processor)
            if key not in self._warned:
                self._warned.add(key)
                logger.warning(
                    "Tracing processor %s failed in %s and was skipped: %s",
                    type(processor).__name__,
                    method,
                    exc,
                )
            else:
                logger.debug("Tracing processor %s failed again in %s", processor, method)

    def trace_start(self, trace: Trace) -> None:
        for processor in self.processors:
            self._safe(processor, "on_trace_start", trace)

    def trace_end(self, trace: Trace) -> None:
        for processor in self.processors:
            self._safe(processor, "on_trace_end", trace)

    def span_start(self, span: Span[Any]) -> None:
        for processor in self.processors:
            self._safe(processor, "on_span_start", span)

    def span_end(self, span: Span[Any]) -> None:
        for processor in self.processors:
            self._safe(processor, "on_span_end", span)

    def shutdown(self) -> None:
        for processor in self._processors or ():
            self._safe(processor, "shutdown", None)

    def force_flush(self) -> None:
        for processor in self._processors or ():
            self._safe(processor, "force_flush", None)


DISPATCHER = Dispatcher()
