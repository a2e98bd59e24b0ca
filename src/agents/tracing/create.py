"""Functions that open traces and spans through the installed trace provider.

Every helper goes through `get_trace_provider()`, so a provider installed with
`set_trace_provider` (Logfire's wraps the default one) sees every trace and span.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from agents.tracing.config import TracingConfig
from agents.tracing.setup import get_trace_provider
from agents.tracing.span_data import AgentSpanData
from agents.tracing.span_data import CustomSpanData
from agents.tracing.span_data import FunctionSpanData
from agents.tracing.span_data import GenerationSpanData
from agents.tracing.span_data import GuardrailSpanData
from agents.tracing.span_data import HandoffSpanData
from agents.tracing.span_data import MCPListToolsSpanData
from agents.tracing.span_data import ResponseSpanData
from agents.tracing.span_data import SpeechGroupSpanData
from agents.tracing.span_data import SpeechSpanData
from agents.tracing.span_data import TaskSpanData
from agents.tracing.span_data import TranscriptionSpanData
from agents.tracing.span_data import TurnSpanData
from agents.tracing.spans import Span
from agents.tracing.traces import Trace

if TYPE_CHECKING:
    from openai.types.responses import Response

_Parent = Trace | Span[Any] | None


def trace(
    workflow_name: str,
    trace_id: str | None = None,
    group_id: str | None = None,
    metadata: dict[str, Any] | None = None,
    tracing: TracingConfig | None = None,
    disabled: bool = False,
) -> Trace:
    """A new trace; runs inside its `with` block join it instead of starting their own."""
    return get_trace_provider().create_trace(
        name=workflow_name,
        trace_id=trace_id,
        group_id=group_id,
        metadata=metadata,
        disabled=disabled,
        tracing=tracing,
    )


def get_current_trace() -> Trace | None:
    return get_trace_provider().get_current_trace()


def get_current_span() -> Span[Any] | None:
    return get_trace_provider().get_current_span()


def agent_span(
    name: str,
    handoffs: list[str] | None = None,
    tools: list[str] | None = None,
    output_type: str | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[AgentSpanData]:
    """The span of one agent's part of a run."""
    data = AgentSpanData(name=name, handoffs=handoffs, tools=tools, output_type=output_type)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def task_span(
    name: str,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[TaskSpanData]:
    """The span of one top-level run."""
    return get_trace_provider().create_span(TaskSpanData(name=name), span_id, parent, disabled)


def turn_span(
    turn: int,
    agent_name: str,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[TurnSpanData]:
    """The span of one turn of the loop."""
    data = TurnSpanData(turn=turn, agent_name=agent_name)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def function_span(
    name: str,
    input: str | None = None,
    output: str | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[FunctionSpanData]:
    """The span of one tool call."""
    data = FunctionSpanData(name=name, input=input, output=output)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def generation_span(
    input: Sequence[Mapping[str, Any]] | None = None,
    output: Sequence[Mapping[str, Any]] | None = None,
    model: str | None = None,
    model_config: Mapping[str, Any] | None = None,
    usage: dict[str, Any] | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
    *,
    provider: str | None = None,
    base_url: str | None = None,
) -> Span[GenerationSpanData]:
    """The span of one Chat Completions model call (freeagents adds provider and base URL)."""
    data = GenerationSpanData(input, output, model, model_config, usage, provider, base_url)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def response_span(
    response: Response | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[ResponseSpanData]:
    """The span of one Responses API model call."""
    return get_trace_provider().create_span(
        ResponseSpanData(response=response), span_id, parent, disabled
    )


def handoff_span(
    from_agent: str | None = None,
    to_agent: str | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[HandoffSpanData]:
    """The span of a handoff between two agents."""
    data = HandoffSpanData(from_agent=from_agent, to_agent=to_agent)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def custom_span(
    name: str,
    data: dict[str, Any] | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[CustomSpanData]:
    """A span of your own inside the current trace (`with custom_span("lookup"):`)."""
    return get_trace_provider().create_span(
        CustomSpanData(name=name, data=data or {}), span_id, parent, disabled
    )


def guardrail_span(
    name: str,
    triggered: bool = False,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[GuardrailSpanData]:
    """The span of one guardrail check."""
    data = GuardrailSpanData(name=name, triggered=triggered)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def transcription_span(
    model: str | None = None,
    input: str | None = None,
    input_format: str | None = "pcm",
    output: str | None = None,
    model_config: Mapping[str, Any] | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[TranscriptionSpanData]:
    """The span of a speech-to-text call."""
    data = TranscriptionSpanData(
        input=input,
        input_format=input_format,
        output=output,
        model=model,
        model_config=model_config,
    )
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def speech_span(
    model: str | None = None,
    input: str | None = None,
    output: str | None = None,
    output_format: str | None = "pcm",
    model_config: Mapping[str, Any] | None = None,
    first_content_at: str | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[SpeechSpanData]:
    """The span of a text-to-speech call."""
    data = SpeechSpanData(
        input=input,
        output=output,
        output_format=output_format,
        model=model,
        model_config=model_config,
        first_content_at=first_content_at,
    )
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def speech_group_span(
    input: str | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[SpeechGroupSpanData]:
    """The span grouping the speech spans of one text."""
    return get_trace_provider().create_span(
        SpeechGroupSpanData(input=input), span_id, parent, disabled
    )


def mcp_tools_span(
    server: str | None = None,
    result: list[str] | None = None,
    span_id: str | None = None,
    parent: _Parent = None,
    disabled: bool = False,
) -> Span[MCPListToolsSpanData]:
    """The span of listing an MCP server's tools."""
    return get_trace_provider().create_span(
        MCPListToolsSpanData(server=server, result=result), span_id, parent, disabled
    )
