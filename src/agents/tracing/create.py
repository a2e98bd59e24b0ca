"""Functions that open traces and spans, parented to whatever is current."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from agents.tracing.config import tracing_globally_disabled
from agents.tracing.ids import gen_span_id
from agents.tracing.scope import current_span, current_trace
from agents.tracing.span_data import (
    AgentSpanData,
    CustomSpanData,
    FunctionSpanData,
    GenerationSpanData,
    GuardrailSpanData,
    HandoffSpanData,
    SpanData,
)
from agents.tracing.spans import Span, TSpanData
from agents.tracing.traces import Trace


def get_current_trace() -> Trace | None:
    return current_trace.get()


def get_current_span() -> Span[Any] | None:
    return current_span.get()


def trace(
    workflow_name: str,
    trace_id: str | None = None,
    group_id: str | None = None,
    metadata: dict[str, Any] | None = None,
    disabled: bool = False,
) -> Trace:
    """A new trace; runs inside its `with` block join it instead of starting their own."""
    return Trace(
        workflow_name,
        trace_id=trace_id,
        group_id=group_id,
        metadata=metadata,
        disabled=disabled or tracing_globally_disabled(),
    )


def _span(data: TSpanData, span_id: str | None, parent: Any, disabled: bool) -> Span[TSpanData]:
    parent_span = parent if isinstance(parent, Span) else None
    parent_trace = parent if isinstance(parent, Trace) else current_trace.get()
    if parent_span is None and parent is None:
        parent_span = current_span.get()
    if parent_span is not None:
        trace_id, parent_id = parent_span.trace_id, parent_span.span_id
        off = disabled or parent_span.disabled
    elif parent_trace is not None:
        trace_id, parent_id = parent_trace.trace_id, None
        off = disabled or parent_trace.disabled
    else:
        # Outside any trace there is nothing to attach to: record nothing.
        trace_id, parent_id, off = "no-op", None, True
    return Span(
        trace_id, span_id or ("no-op" if off else gen_span_id()), parent_id, data, disabled=off
    )


def custom_span(
    name: str,
    data: dict[str, Any] | None = None,
    span_id: str | None = None,
    parent: Trace | Span[Any] | None = None,
    disabled: bool = False,
) -> Span[CustomSpanData]:
    """A span of your own inside the current trace (`with custom_span("lookup"):`)."""
    return _span(CustomSpanData(name, data), span_id, parent, disabled)


def agent_span(
    name: str,
    handoffs: list[str] | None = None,
    tools: list[str] | None = None,
    output_type: str | None = None,
    span_id: str | None = None,
    parent: Trace | Span[Any] | None = None,
    disabled: bool = False,
) -> Span[AgentSpanData]:
    return _span(AgentSpanData(name, handoffs, tools, output_type), span_id, parent, disabled)


def generation_span(
    input: Sequence[Mapping[str, Any]] | None = None,
    output: Sequence[Any] | None = None,
    model: str | None = None,
    model_config: Any | None = None,
    usage: dict[str, Any] | None = None,
    span_id: str | None = None,
    parent: Trace | Span[Any] | None = None,
    disabled: bool = False,
    provider: str | None = None,
    base_url: str | None = None,
) -> Span[GenerationSpanData]:
    data = GenerationSpanData(input, output, model, model_config, usage, provider, base_url)
    return _span(data, span_id, parent, disabled)


def function_span(
    name: str,
    input: str | None = None,
    output: str | None = None,
    span_id: str | None = None,
    parent: Trace | Span[Any] | None = None,
    disabled: bool = False,
) -> Span[FunctionSpanData]:
    return _span(FunctionSpanData(name, input, output), span_id, parent, disabled)


def handoff_span(
    from_agent: str | None = None,
    to_agent: str | None = None,
    span_id: str | None = None,
    parent: Trace | Span[Any] | None = None,
    disabled: bool = False,
) -> Span[HandoffSpanData]:
    return _span(HandoffSpanData(from_agent, to_agent), span_id, parent, disabled)


def guardrail_span(
    name: str,
    triggered: bool = False,
    span_id: str | None = None,
    parent: Trace | Span[Any] | None = None,
    disabled: bool = False,
) -> Span[GuardrailSpanData]:
    return _span(GuardrailSpanData(name, triggered), span_id, parent, disabled)


__all__ = [
    "SpanData",
    "agent_span",
    "custom_span",
    "function_span",
    "generation_span",
    "get_current_span",
    "get_current_trace",
    "guardrail_span",
    "handoff_span",
    "trace",
]
