"""OpenTelemetry export following the GenAI semantic conventions (`pip install "freeagents[otel]"`).

    from agents import add_trace_processor
    from agents.tracing.otel import OTelTracingProcessor
    add_trace_processor(OTelTracingProcessor())

Spans go to the globally configured OpenTelemetry tracer provider (or the one given), so any
OTel exporter (OTLP, console, Jaeger, ...) receives them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

try:
    from opentelemetry import trace as otel_trace
    from opentelemetry.trace import Span as OTelSpan
    from opentelemetry.trace import SpanKind
    from opentelemetry.trace import Status
    from opentelemetry.trace import StatusCode
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'OpenTelemetry export needs the otel extra: pip install "freeagents[otel]"'
    ) from exc

from agents.tracing.processor_interface import TracingProcessor
from agents.tracing.span_data import AgentSpanData
from agents.tracing.span_data import CustomSpanData
from agents.tracing.span_data import FunctionSpanData
from agents.tracing.span_data import GenerationSpanData
from agents.tracing.span_data import GuardrailSpanData
from agents.tracing.span_data import HandoffSpanData
from agents.tracing.span_data import MCPListToolsSpanData
from agents.tracing.span_data import ResponseSpanData
from agents.tracing.span_data import TaskSpanData
from agents.tracing.span_data import TurnSpanData
from agents.tracing.spans import Span
from agents.tracing.traces import Trace


def _provider_name(base_url: str | None) -> str | None:
    host = urlsplit(base_url or "").hostname or ""
    for needle, name in (
        ("openai.com", "openai"),
        ("googleapis.com", "gcp.gemini"),
        ("groq.com", "groq"),
        ("deepseek.com", "deepseek"),
        ("mistral.ai", "mistral_ai"),
        ("anthropic.com", "anthropic"),
    ):
        if host.endswith(needle):
            return name
    return None


def _model_call(data: GenerationSpanData | ResponseSpanData) -> tuple[str, dict[str, Any]]:
    """A model call's span name and GenAI attributes (either route)."""
    attrs: dict[str, Any] = {"gen_ai.operation.name": "chat"}
    model = data.model
    if model is None and isinstance(data, ResponseSpanData) and data.response is not None:
        model = data.response.model
    if model:
        attrs["gen_ai.request.model"] = model
    provider = data.provider or _provider_name(data.base_url)
    if provider:
        attrs["gen_ai.provider.name"] = provider
    if data.base_url:
        parts = urlsplit(data.base_url)
        if parts.hostname:
            attrs["server.address"] = parts.hostname
        if parts.port:
            attrs["server.port"] = parts.port
    usage = data.usage or {}
    for key in ("input_tokens", "output_tokens"):
        if key in usage:
            attrs[f"gen_ai.usage.{key}"] = usage[key]
    return f"chat {model or ''}".strip(), attrs


def _name_and_attributes(span: Span[Any]) -> tuple[str, dict[str, Any]]:
    data = span.span_data
    attrs: dict[str, Any] = {}
    if isinstance(data, GenerationSpanData | ResponseSpanData):
        return _model_call(data)
    if isinstance(data, TaskSpanData | TurnSpanData):
        for key, value in data.export()["data"].items():
            if isinstance(value, str | bool | int | float):
                attrs[f"freeagents.{data.type}.{key}"] = value
        name = f"task {data.name}" if isinstance(data, TaskSpanData) else f"turn {data.turn}"
        return name, attrs
    if isinstance(data, MCPListToolsSpanData):
        attrs["freeagents.mcp.server"] = data.server or ""
        return f"mcp_tools {data.server or ''}".strip(), attrs
    if isinstance(data, FunctionSpanData):
        attrs["gen_ai.operation.name"] = "execute_tool"
        attrs["gen_ai.tool.name"] = data.name
        return f"execute_tool {data.name}", attrs
    if isinstance(data, AgentSpanData):
        attrs["gen_ai.operation.name"] = "invoke_agent"
        attrs["gen_ai.agent.name"] = data.name
        return f"invoke_agent {data.name}", attrs
    if isinstance(data, HandoffSpanData):
        attrs["freeagents.handoff.from"] = data.from_agent or ""
        attrs["freeagents.handoff.to"] = data.to_agent or ""
        return f"handoff {data.to_agent or ''}".strip(), attrs
    if isinstance(data, GuardrailSpanData):
        attrs["freeagents.guardrail.triggered"] = data.triggered
        return f"guardrail {data.name}", attrs
    if isinstance(data, CustomSpanData):
        for key, value in data.data.items():
            if isinstance(value, str | bool | int | float):
                attrs[f"freeagents.custom.{key}"] = value
        return data.name, attrs
    return data.type, attrs


class OTelTracingProcessor(TracingProcessor):
    """Mirrors traces and spans as OpenTelemetry spans (a trace becomes a root span)."""

    def __init__(self, tracer_provider: Any | None = None) -> None:
        provider = tracer_provider or otel_trace.get_tracer_provider()
        self._tracer = provider.get_tracer("freeagents")
        self._roots: dict[str, OTelSpan] = {}
        self._spans: dict[str, OTelSpan] = {}

    def on_trace_start(self, trace: Trace) -> None:
        attributes: dict[str, Any] = {"freeagents.workflow.name": trace.name}
        group_id = getattr(trace, "group_id", None)
        if group_id:
            attributes["gen_ai.conversation.id"] = group_id
        self._roots[trace.trace_id] = self._tracer.start_span(
            trace.name, kind=SpanKind.INTERNAL, attributes=attributes
        )

    def on_trace_end(self, trace: Trace) -> None:
        root = self._roots.pop(trace.trace_id, None)
        if root is not None:
            root.end()

    def on_span_start(self, span: Span[Any]) -> None:
        parent = self._spans.get(span.parent_id or "") or self._roots.get(span.trace_id)
        context = otel_trace.set_span_in_context(parent) if parent is not None else None
        name, _ = _name_and_attributes(span)
        kind = (
            SpanKind.CLIENT
            if isinstance(span.span_data, GenerationSpanData | ResponseSpanData)
            else (SpanKind.INTERNAL)
        )
        self._spans[span.span_id] = self._tracer.start_span(name, context=context, kind=kind)

    def on_span_end(self, span: Span[Any]) -> None:
        otel_span = self._spans.pop(span.span_id, None)
        if otel_span is None:
            return
        name, attributes = _name_and_attributes(span)
        otel_span.update_name(name)
        otel_span.set_attributes(attributes)
        if span.error is not None:
            otel_span.set_status(Status(StatusCode.ERROR, span.error["message"]))
        otel_span.end()

    def force_flush(self) -> None:
        return None

    def shutdown(self) -> None:
        for otel_span in [*self._spans.values(), *self._roots.values()]:
            otel_span.end()
        self._spans.clear()
        self._roots.clear()
