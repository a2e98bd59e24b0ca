"""OpenTelemetry export with GenAI semantic-convention attributes."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import Runner
from agents import function_tool
from agents import set_trace_processors
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.tracing import get_trace_processors
from agents.tracing.otel import OTelTracingProcessor


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@pytest.fixture
def exporter() -> Any:
    memory = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    previous = get_trace_processors()
    set_trace_processors([OTelTracingProcessor(provider)])
    yield memory
    set_trace_processors(list(previous))


async def test_otel_spans_follow_genai_conventions(
    exporter: InMemorySpanExporter, provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    provider.enqueue(
        Reply(
            tool_calls=[ToolCall("add", {"a": 1, "b": 2})],
            usage={"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17},
        ),
        Reply(text="3"),
    )
    await Runner.run(Agent(name="calc", tools=[add], model=model), "1+2")
    finished = exporter.get_finished_spans()
    spans = {s.name: s for s in reversed(finished)}  # the first span of each name
    assert {"Agent workflow", "invoke_agent calc", "chat test-model", "execute_tool add"} <= set(
        spans
    )
    chat = spans["chat test-model"]
    assert chat.attributes is not None
    assert chat.attributes["gen_ai.operation.name"] == "chat"
    assert chat.attributes["gen_ai.request.model"] == "test-model"
    assert chat.attributes["gen_ai.usage.input_tokens"] == 12
    assert chat.attributes["gen_ai.usage.output_tokens"] == 5
    assert chat.attributes["server.address"] == "127.0.0.1"
    tool = spans["execute_tool add"]
    assert tool.attributes is not None and tool.attributes["gen_ai.tool.name"] == "add"
    agent = spans["invoke_agent calc"]
    root = spans["Agent workflow"]
    turn = spans["turn 1"]
    task = spans["task Agent workflow"]
    assert chat.parent is not None and chat.parent.span_id == turn.context.span_id
    assert turn.parent is not None and turn.parent.span_id == agent.context.span_id
    assert agent.parent is not None and agent.parent.span_id == task.context.span_id
    assert task.parent is not None and task.parent.span_id == root.context.span_id
    assert len({s.context.trace_id for s in spans.values()}) == 1
