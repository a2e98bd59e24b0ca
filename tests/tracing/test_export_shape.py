"""Item 16: exports have the reference's shape (read off openai-agents 0.24's `export()`).

A trace exports object, id, workflow_name, group_id and metadata (no timestamps); a span
repeats the trace's routing key (`agent_harness_id`) and carries its own span data's
metadata (an agent span's included); a processor can file trace metadata by trace id and
find it again from a span; a no-op span has no timestamps.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.tracing import AgentSpanData
from agents.tracing import Span
from agents.tracing import Trace
from agents.tracing import TracingProcessor
from agents.tracing import agent_span
from agents.tracing import custom_span
from agents.tracing import trace
from agents.tracing.spans import NoOpSpan
from agents.tracing.spans import SpanError

from ..conftest import make_model
from ..helpers.tracing import installed

TRACE_KEYS = {"object", "id", "workflow_name", "group_id", "metadata"}
SPAN_KEYS = {
    "object",
    "id",
    "trace_id",
    "parent_id",
    "started_at",
    "ended_at",
    "span_data",
    "error",
}
ROUTING = {"agent_harness_id": "harness_123"}
USAGE = {"usage": {"requests": 1, "input_tokens": 10, "output_tokens": 4, "total_tokens": 14}}


class MetadataByTraceId(TracingProcessor):
    """Files each trace's metadata under its id and looks it up from the spans that end."""

    def __init__(self) -> None:
        self.by_trace: dict[str, dict[str, Any]] = {}
        self.trace_exports: list[dict[str, Any] | None] = []
        self.span_exports: list[dict[str, Any] | None] = []
        self.looked_up: dict[str, dict[str, Any] | None] = {}
        self.inherited: dict[str, dict[str, Any] | None] = {}

    def on_trace_start(self, trace: Trace) -> None:
        if trace.metadata:
            self.by_trace[trace.trace_id] = dict(trace.metadata)
        self.trace_exports.append(trace.export())

    def on_trace_end(self, trace: Trace) -> None:
        self.trace_exports.append(trace.export())

    def on_span_start(self, span: Span[Any]) -> None:
        return None

    def on_span_end(self, span: Span[Any]) -> None:
        kind = span.span_data.type
        self.looked_up[kind] = self.by_trace.get(span.trace_id)
        self.inherited[kind] = span.trace_metadata
        self.span_exports.append(span.export())

    def shutdown(self) -> None:
        return None

    def force_flush(self) -> None:
        return None


@pytest.fixture
def processor() -> Iterator[MetadataByTraceId]:
    with installed(MetadataByTraceId()) as processor:
        yield processor


def test_trace_export_has_no_timestamps(processor: MetadataByTraceId) -> None:
    with trace(workflow_name="wf", group_id="g", metadata={"k": "v"}) as current:
        pass
    assert current.export() == {
        "object": "trace",
        "id": current.trace_id,
        "workflow_name": "wf",
        "group_id": "g",
        "metadata": {"k": "v"},
    }
    assert [set(e or {}) for e in processor.trace_exports] == [TRACE_KEYS, TRACE_KEYS]


def test_agent_span_exports_its_metadata_after_the_routing_key(
    processor: MetadataByTraceId,
) -> None:
    with trace(workflow_name="t", metadata={**ROUTING, "tenant_id": "t1", "user_id": "u1"}):
        with agent_span(name="agent") as span:
            span.span_data.metadata = dict(USAGE)
        with custom_span(name="plain") as plain:
            pass
    exported = span.export()
    assert exported is not None and set(exported) == SPAN_KEYS | {"metadata"}
    # Only the routing key comes from the trace; tenant and user stay on the trace.
    assert exported["metadata"] == {**ROUTING, **USAGE}
    plain_export = plain.export()
    assert plain_export is not None and plain_export["metadata"] == ROUTING


def test_span_metadata_never_overrides_the_routing_key(processor: MetadataByTraceId) -> None:
    with trace(workflow_name="t", metadata=ROUTING), agent_span(name="agent") as span:
        span.span_data.metadata = {"agent_harness_id": "spoofed", "k": 1}
    exported = span.export()
    assert exported is not None and exported["metadata"] == {**ROUTING, "k": 1}


def test_spans_without_routing_or_own_metadata_export_none(processor: MetadataByTraceId) -> None:
    with (
        trace(workflow_name="t", metadata={"source": "run"}) as current,
        custom_span(name="child", parent=current) as child,
    ):
        assert child.trace_metadata == {"source": "run"}
    exported = child.export()
    assert exported is not None and set(exported) == SPAN_KEYS


def test_no_op_span_has_no_timestamps_error_or_export() -> None:
    span = NoOpSpan(AgentSpanData(name="a"))
    with span:
        span.set_error(SpanError(message="boom", data={}))
    assert (span.started_at, span.ended_at, span.error, span.export()) == (None, None, None, None)
    with trace(workflow_name="off", disabled=True) as off, custom_span(name="c") as inner:
        pass
    assert (off.export(), inner.export(), inner.started_at, inner.ended_at) == (
        None,
        None,
        None,
        None,
    )


async def test_a_run_exports_the_reference_shapes(processor: MetadataByTraceId) -> None:
    """A whole run: the processor finds the trace metadata from the agent span's trace id,
    every span carries the routing key, and the trace exports no timestamps."""
    metadata = {**ROUTING, "user_id": "u_123", "chat_type": "support"}
    with LoopbackProvider("shape", responder=lambda request: Reply(text="hi")) as server:
        agent = Agent(name="A", model=make_model(server))
        config = RunConfig(workflow_name="wf", trace_metadata=metadata)
        result = await Runner.run(agent, "hello", run_config=config)
    assert result.final_output == "hi"
    assert processor.looked_up["agent"] == metadata
    assert processor.inherited["agent"] == metadata
    assert [set(e or {}) for e in processor.trace_exports] == [TRACE_KEYS, TRACE_KEYS]
    kinds = set()
    for exported in processor.span_exports:
        assert exported is not None
        assert exported["metadata"]["agent_harness_id"] == "harness_123"
        assert "user_id" not in exported["metadata"]
        kinds.add(exported["span_data"]["type"])
    assert {"agent", "generation", "custom"} <= kinds
