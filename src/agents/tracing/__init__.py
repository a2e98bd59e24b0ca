"""Tracing: traces and spans for runs, model calls and tools, delivered to processors.

Nothing leaves the machine unless asked: local exporters are switched on by environment
variables, and OpenAI's trace backend receives a trace only under the rules in
`openai_backend.py`.

Import rule: imports neither the run configuration nor the loop nor the models; the loop
asks it (`tracing_enabled_for(run_config.tracing_disabled)`).
"""

from __future__ import annotations

from typing import Any

from agents.tracing.config import (
    get_tracing_export_api_key,
    set_tracing_disabled,
    set_tracing_export_api_key,
    tracing_globally_disabled,
)
from agents.tracing.create import (
    agent_span,
    custom_span,
    function_span,
    generation_span,
    get_current_span,
    get_current_trace,
    guardrail_span,
    handoff_span,
    trace,
)
from agents.tracing.dispatch import DISPATCHER
from agents.tracing.ids import gen_group_id, gen_span_id, gen_trace_id
from agents.tracing.processor_interface import TracingExporter, TracingProcessor
from agents.tracing.processors import BatchTraceProcessor, ConsoleSpanExporter, JsonLinesExporter
from agents.tracing.span_data import (
    AgentSpanData,
    CustomSpanData,
    FunctionSpanData,
    GenerationSpanData,
    GuardrailSpanData,
    HandoffSpanData,
    SpanData,
)
from agents.tracing.spans import Span, SpanError
from agents.tracing.traces import Trace


def add_trace_processor(span_processor: TracingProcessor) -> None:
    """Add a processor to the ones already registered."""
    DISPATCHER.add(span_processor)


def set_trace_processors(processors: list[TracingProcessor]) -> None:
    """Replace every registered processor (the defaults included)."""
    DISPATCHER.set(processors)


def flush_traces() -> None:
    """Deliver everything buffered now (also done automatically at exit)."""
    DISPATCHER.force_flush()


def get_trace_processors() -> tuple[Any, ...]:
    return DISPATCHER.processors


__all__ = [
    "AgentSpanData",
    "BatchTraceProcessor",
    "ConsoleSpanExporter",
    "CustomSpanData",
    "FunctionSpanData",
    "GenerationSpanData",
    "GuardrailSpanData",
    "HandoffSpanData",
    "JsonLinesExporter",
    "Span",
    "SpanData",
    "SpanError",
    "Trace",
    "TracingExporter",
    "TracingProcessor",
    "add_trace_processor",
    "agent_span",
    "custom_span",
    "flush_traces",
    "function_span",
    "gen_group_id",
    "gen_span_id",
    "gen_trace_id",
    "generation_span",
    "get_current_span",
    "get_current_trace",
    "get_trace_processors",
    "get_tracing_export_api_key",
    "guardrail_span",
    "handoff_span",
    "set_trace_processors",
    "set_tracing_disabled",
    "set_tracing_export_api_key",
    "trace",
    "tracing_globally_disabled",
]
