"""A tracing processor that keeps every trace and span it is given, for assertions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from typing import TypeVar

from agents.tracing import Span
from agents.tracing import Trace
from agents.tracing import TracingProcessor
from agents.tracing import get_trace_processors
from agents.tracing import set_trace_processors

P = TypeVar("P", bound=TracingProcessor)


@contextmanager
def installed(processor: P) -> Iterator[P]:
    """`processor` as the only one for the block, the previous ones back after it."""
    previous = get_trace_processors()
    set_trace_processors([processor])
    try:
        yield processor
    finally:
        set_trace_processors(list(previous))


class Collector(TracingProcessor):
    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def on_trace_start(self, trace: Trace) -> None:
        self.events.append(("trace_start", trace))

    def on_trace_end(self, trace: Trace) -> None:
        self.events.append(("trace_end", trace))

    def on_span_start(self, span: Span[Any]) -> None:
        self.events.append(("span_start", span))

    def on_span_end(self, span: Span[Any]) -> None:
        self.events.append(("span_end", span))

    def shutdown(self) -> None:
        return None

    def force_flush(self) -> None:
        return None

    def ended(self, kind: str | None = None) -> list[Span[Any]]:
        spans = [s for e, s in self.events if e == "span_end"]
        return [s for s in spans if kind is None or s.span_data.type == kind]

    def traces(self) -> list[Trace]:
        return [t for e, t in self.events if e == "trace_start"]
