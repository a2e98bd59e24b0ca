"""OpenTelemetry instrumentations written for openai-agents, run on freeagents.

Each test gets an in-memory OpenTelemetry exporter and one vendor's instrumentor, installed
as its documentation says and removed afterwards (the SDK's processors restored).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from agents.tracing import get_trace_processors
from agents.tracing import set_trace_processors

INSTRUMENTATIONS = {
    "openinference": "openinference.instrumentation.openai_agents",
    "traceloop": "opentelemetry.instrumentation.openai_agents",
}


@dataclass
class Instrumented:
    vendor: str
    exporter: Any

    def spans(self) -> list[Any]:
        return list(self.exporter.get_finished_spans())


@pytest.fixture(params=sorted(INSTRUMENTATIONS))
def instrumented(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    vendor: str = request.param
    module = pytest.importorskip(
        INSTRUMENTATIONS[vendor], reason=f"{vendor}'s instrumentation is not installed"
    )
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("TRACELOOP_TRACE_CONTENT", "true")
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    previous = get_trace_processors()
    set_trace_processors([])
    instrumentor = module.OpenAIAgentsInstrumentor()
    # The dependency check looks for an installed `openai-agents` distribution; with
    # freeagents that is the compat wheel (`freeagents compat install`), tested elsewhere.
    instrumentor.instrument(tracer_provider=provider, skip_dep_check=True)
    try:
        yield Instrumented(vendor, exporter)
    finally:
        instrumentor.uninstrument()
        set_trace_processors(list(previous))
