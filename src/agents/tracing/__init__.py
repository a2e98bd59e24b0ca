"""Tracing: traces and spans for runs, turns, model calls and tools, delivered to processors.

The API is the reference SDK's (`trace`, the `*_span` helpers, `TraceProvider`,
`set_trace_provider`, the span data types), so processors and instrumentations written for
it work unchanged. Nothing leaves the machine unless asked: local exporters are switched on
by environment variables, and OpenAI's trace backend receives a trace only under the rules in
`openai_backend.py`.

Import rule: imports neither the run configuration nor the loop nor the models; the loop
asks it (`tracing_enabled_for(run_config.tracing_disabled)`).
"""

from __future__ import annotations

from agents.tracing.config import TracingConfig
from agents.tracing.config import get_tracing_export_api_key
from agents.tracing.config import set_tracing_export_api_key
from agents.tracing.config import tracing_globally_disabled
from agents.tracing.context import TraceCtxManager
from agents.tracing.create import agent_span
from agents.tracing.create import custom_span
from agents.tracing.create import function_span
from agents.tracing.create import generation_span
from agents.tracing.create import get_current_span
from agents.tracing.create import get_current_trace
from agents.tracing.create import guardrail_span
from agents.tracing.create import handoff_span
from agents.tracing.create import mcp_tools_span
from agents.tracing.create import response_span
from agents.tracing.create import speech_group_span
from agents.tracing.create import speech_span
from agents.tracing.create import task_span
from agents.tracing.create import trace
from agents.tracing.create import transcription_span
from agents.tracing.create import turn_span
from agents.tracing.processor_interface import TracingExporter
from agents.tracing.processor_interface import TracingProcessor
from agents.tracing.processors import BatchTraceProcessor
from agents.tracing.processors import ConsoleSpanExporter
from agents.tracing.processors import JsonLinesExporter
from agents.tracing.provider import DefaultTraceProvider
from agents.tracing.provider import TraceProvider
from agents.tracing.setup import get_trace_provider
from agents.tracing.setup import set_trace_provider
from agents.tracing.span_data import AgentSpanData
from agents.tracing.span_data import CustomSpanData
from agents.tracing.span_data import FunctionSpanData
from agents.tracing.span_data import GenerationSpanData
from agents.tracing.span_data import GuardrailSpanData
from agents.tracing.span_data import HandoffSpanData
from agents.tracing.span_data import MCPListToolsSpanData
from agents.tracing.span_data import ResponseSpanData
from agents.tracing.span_data import SpanData
from agents.tracing.span_data import SpeechGroupSpanData
from agents.tracing.span_data import SpeechSpanData
from agents.tracing.span_data import TaskSpanData
from agents.tracing.span_data import TranscriptionSpanData
from agents.tracing.span_data import TurnSpanData
from agents.tracing.spans import NoOpSpan
from agents.tracing.spans import Span
from agents.tracing.spans import SpanError
from agents.tracing.traces import NoOpTrace
from agents.tracing.traces import Trace
from agents.tracing.util import gen_group_id
from agents.tracing.util import gen_span_id
from agents.tracing.util import gen_trace_id


def add_trace_processor(span_processor: TracingProcessor) -> None:
    """Add a processor to the ones already registered."""
    get_trace_provider().register_processor(span_processor)


def set_trace_processors(processors: list[TracingProcessor]) -> None:
    """Replace every registered processor (the defaults included)."""
    get_trace_provider().set_processors(processors)


def set_tracing_disabled(disabled: bool) -> None:
    """Turn tracing off (or back on) for the whole process."""
    get_trace_provider().set_disabled(disabled)


def flush_traces() -> None:
    """Deliver everything buffered now (also done automatically at exit)."""
    get_trace_provider().force_flush()


def get_trace_processors() -> tuple[TracingProcessor, ...]:
    """The processors of the default provider (empty for a custom provider)."""
    provider = get_trace_provider()
    if isinstance(provider, DefaultTraceProvider):
        return provider.processors
    return ()


__all__ = [
    "AgentSpanData",
    "BatchTraceProcessor",
    "ConsoleSpanExporter",
    "CustomSpanData",
    "DefaultTraceProvider",
    "FunctionSpanData",
    "GenerationSpanData",
    "GuardrailSpanData",
    "HandoffSpanData",
    "JsonLinesExporter",
    "MCPListToolsSpanData",
    "NoOpSpan",
    "NoOpTrace",
    "ResponseSpanData",
    "Span",
    "SpanData",
    "SpanError",
    "SpeechGroupSpanData",
    "SpeechSpanData",
    "TaskSpanData",
    "Trace",
    "TraceCtxManager",
    "TraceProvider",
    "TracingConfig",
    "TracingExporter",
    "TracingProcessor",
    "TranscriptionSpanData",
    "TurnSpanData",
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
    "get_trace_provider",
    "get_tracing_export_api_key",
    "guardrail_span",
    "handoff_span",
    "mcp_tools_span",
    "response_span",
    "set_trace_processors",
    "set_trace_provider",
    "set_tracing_disabled",
    "set_tracing_export_api_key",
    "speech_group_span",
    "speech_span",
    "task_span",
    "trace",
    "tracing_globally_disabled",
    "transcription_span",
    "turn_span",
]
