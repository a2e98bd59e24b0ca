"""The tracing API is the reference's: names, module paths, the provider seam, and the span
types each model route records (generation on Chat Completions and LiteLLM, response on the
Responses API), with freeagents' provider data and never a key."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI
from openai.types.responses import Response

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents import RunConfig
from agents import Runner
from agents import function_tool
from agents.extensions.models.litellm_model import LitellmModel
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from agents.tracing import DefaultTraceProvider
from agents.tracing import GenerationSpanData
from agents.tracing import ResponseSpanData
from agents.tracing import Span
from agents.tracing import Trace
from agents.tracing import TraceProvider
from agents.tracing import get_trace_provider
from agents.tracing import set_trace_provider
from agents.tracing import trace
from tests.helpers.runs import run_to_end
from tests.helpers.tracing import Collector

KEY = "sk-tracing-parity-0123456789abcdef"

REFERENCE_MODULE_NAMES = {
    "agents.tracing": [
        "TraceCtxManager",
        "TracingConfig",
        "TraceProvider",
        "get_trace_provider",
        "set_trace_provider",
        "task_span",
        "turn_span",
        "response_span",
        "mcp_tools_span",
        "speech_span",
        "speech_group_span",
        "transcription_span",
        "MCPListToolsSpanData",
        "ResponseSpanData",
        "TaskSpanData",
        "TurnSpanData",
        "SpeechSpanData",
        "SpeechGroupSpanData",
        "TranscriptionSpanData",
    ],
    "agents.tracing.provider": ["TraceProvider", "DefaultTraceProvider"],
    "agents.tracing.setup": ["get_trace_provider", "set_trace_provider", "GLOBAL_TRACE_PROVIDER"],
    "agents.tracing.scope": ["Scope"],
    "agents.tracing.spans": ["Span", "SpanImpl", "NoOpSpan", "SpanError", "TSpanData"],
    "agents.tracing.traces": ["Trace", "TraceImpl", "NoOpTrace"],
    "agents.tracing.util": ["gen_trace_id", "gen_span_id", "gen_group_id", "time_iso"],
    "agents.tracing.config": ["TracingConfig"],
    "agents.tracing.context": ["TraceCtxManager"],
    "agents.tracing.model_tracing": ["get_model_tracing_impl"],
    "agents.tracing.processor_interface": ["TracingProcessor", "TracingExporter"],
    "agents.tracing.processors": ["BatchTraceProcessor", "ConsoleSpanExporter"],
    "agents.tracing.logger": ["logger"],
    "agents": ["set_trace_provider", "task_span", "turn_span", "ResponseSpanData", "SpanError"],
}


@pytest.mark.parametrize("module", sorted(REFERENCE_MODULE_NAMES))
def test_reference_names_at_reference_paths(module: str) -> None:
    loaded = importlib.import_module(module)
    missing = [name for name in REFERENCE_MODULE_NAMES[module] if not hasattr(loaded, name)]
    assert missing == []


def test_reference_export_shapes() -> None:
    from agents.tracing import MCPListToolsSpanData
    from agents.tracing import TaskSpanData
    from agents.tracing import TurnSpanData

    assert TaskSpanData("wf", usage={"requests": 1}).export() == {
        "type": "custom",
        "name": "task",
        "data": {"sdk_span_type": "task", "name": "wf", "usage": {"requests": 1}},
    }
    assert TurnSpanData(2, "a").export() == {
        "type": "custom",
        "name": "turn",
        "data": {"sdk_span_type": "turn", "turn": 2, "agent_name": "a"},
    }
    assert MCPListToolsSpanData("srv", ["t"]).export() == {
        "type": "mcp_tools",
        "server": "srv",
        "result": ["t"],
    }
    data = ResponseSpanData()
    data._response_id = "resp_1"
    assert data.export() == {"type": "response", "response_id": "resp_1", "usage": None}


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@pytest.fixture
def groq() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("groq", api_key=KEY) as server:
        yield server


async def test_chat_route_records_generation_spans(
    collector: Collector, groq: LoopbackProvider, streamed: bool
) -> None:
    groq.enqueue(Reply(tool_calls=[ToolCall("add", {"a": 1, "b": 2})]), Reply(text="3"))
    client = AsyncOpenAI(api_key=KEY, base_url=groq.base_url, max_retries=0)
    model = OpenAIChatCompletionsModel("llama-3.1-8b-instant", client)
    agent = Agent(name="calc", instructions="Add.", tools=[add], model=model)
    await _run(agent, "1+2", streamed)

    first, second = (s.span_data for s in collector.ended("generation"))
    assert not collector.ended("response")
    assert isinstance(first, GenerationSpanData)
    assert first.model == "llama-3.1-8b-instant"
    # the Chat Completions messages, as sent and received
    assert first.input is not None and first.input[0] == {"role": "system", "content": "Add."}
    assert first.input[1] == {"role": "user", "content": "1+2"}
    assert first.output is not None
    call = _tool_calls(first.output)[0]
    assert call["function"]["name"] == "add"
    assert json.loads(call["function"]["arguments"]) == {"a": 1, "b": 2}
    assert first.usage is not None and first.usage["input_tokens"] > 0
    assert first.usage["output_tokens"] > 0 and first.usage["requests"] == 1
    assert first.model_config is not None
    assert first.model_config["base_url"] == groq.base_url + "/"
    assert first.model_config["model_impl"] == "openai_chatcompletions"
    assert first.base_url == groq.base_url + "/"
    # freeagents' extra: the answer as a Response, for instrumentations that read one
    response = second.response
    assert isinstance(response, Response) and response.output_text == "3"
    assert response.usage is not None and response.usage.output_tokens > 0
    _assert_no_key(collector)


def _tool_calls(output: Any) -> list[dict[str, Any]]:
    message = output[0]
    if "tool_calls" in message:  # a Chat Completions message (non-streamed)
        return list(message["tool_calls"])
    calls = [item for item in message["output"] if item["type"] == "function_call"]
    return [{"function": {"name": c["name"], "arguments": c["arguments"]}} for c in calls]


async def _run(agent: Agent[Any], prompt: str, streamed: bool, **kwargs: Any) -> Any:
    return await run_to_end(agent, prompt, streamed=streamed, **kwargs)


async def test_responses_route_records_response_spans(collector: Collector, streamed: bool) -> None:
    with ResponsesLoopback("openai", api_key=KEY) as server:
        server.enqueue(ResponsesReply(text="Paris."))
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
        agent = Agent(name="geo", model=OpenAIResponsesModel("gpt-4.1", client))
        await _run(agent, "Capital of France?", streamed)

    assert not collector.ended("generation")
    (span,) = collector.ended("response")
    data = span.span_data
    assert isinstance(data, ResponseSpanData)
    assert isinstance(data.response, Response) and data.response.output_text == "Paris."
    assert data.input == [{"role": "user", "content": "Capital of France?"}]
    assert data.usage is not None and data.usage["total_tokens"] > 0
    assert data.model == "gpt-4.1" and data.base_url == server.base_url + "/"
    exported = span.export()
    assert exported is not None
    assert exported["span_data"] == {
        "type": "response",
        "response_id": data.response.id,
        "usage": data.usage,
    }
    _assert_no_key(collector)


async def test_responses_span_keeps_only_the_id_without_sensitive_data(
    collector: Collector,
) -> None:
    with ResponsesLoopback("openai", api_key=KEY) as server:
        server.enqueue(ResponsesReply(text="Paris."))
        client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
        agent = Agent(name="geo", model=OpenAIResponsesModel("gpt-4.1", client))
        config = RunConfig(trace_include_sensitive_data=False)
        await Runner.run(agent, "secret question", run_config=config)
    (span,) = collector.ended("response")
    assert span.span_data.response is None and span.span_data.input is None
    exported = span.export()
    assert exported is not None and exported["span_data"]["response_id"]
    assert "secret question" not in json.dumps(exported)


async def test_litellm_route_records_generation_spans(collector: Collector, streamed: bool) -> None:
    with AnthropicLoopback(api_key=KEY) as server:
        server.enqueue(AnthropicReply(text="Bonjour."))
        model = LitellmModel("anthropic/claude-3-7-sonnet-20250219", server.base_url, KEY)
        await _run(Agent(name="claude", instructions="Be brief.", model=model), "Hi", streamed)
    (span,) = collector.ended("generation")
    data = span.span_data
    assert data.provider == "anthropic"
    assert data.model == "anthropic/claude-3-7-sonnet-20250219"
    assert data.input == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
    ]
    assert data.output is not None and "Bonjour." in json.dumps(data.output)
    assert data.usage is not None and data.usage["output_tokens"] > 0
    assert data.model_config is not None and data.model_config["model_impl"] == "litellm"
    _assert_no_key(collector)


def _assert_no_key(collector: Collector) -> None:
    for event, item in collector.events:
        exported = item.export()
        assert KEY not in json.dumps(exported, default=str), event
        assert KEY not in repr(item)
        if isinstance(item, Span):
            data = item.span_data
            for name in ("response", "model_config", "input", "output"):
                assert KEY not in repr(getattr(data, name, None)), name


async def test_task_and_turn_spans_can_be_turned_off(
    collector: Collector, groq: LoopbackProvider
) -> None:
    client = AsyncOpenAI(api_key=KEY, base_url=groq.base_url, max_retries=0)
    agent = Agent(name="a", model=OpenAIChatCompletionsModel("m", client))
    config = RunConfig(tracing={"include_task_and_turn_spans": False})
    await Runner.run(agent, "hi", run_config=config)
    kinds = [s.span_data.type for s in collector.ended()]
    assert kinds == ["generation", "agent"]


class WrappingProvider(TraceProvider):
    """A provider installed with set_trace_provider, delegating as Logfire's wrapper does."""

    def __init__(self, inner: TraceProvider) -> None:
        self.inner = inner
        self.spans: list[str] = []
        self.traces: list[str] = []

    def register_processor(self, processor: Any) -> None:
        self.inner.register_processor(processor)

    def set_processors(self, processors: Any) -> None:
        self.inner.set_processors(processors)

    def get_current_trace(self) -> Trace | None:
        return self.inner.get_current_trace()

    def get_current_span(self) -> Span[Any] | None:
        return self.inner.get_current_span()

    def set_disabled(self, disabled: bool) -> None:
        self.inner.set_disabled(disabled)

    def time_iso(self) -> str:
        return self.inner.time_iso()

    def gen_trace_id(self) -> str:
        return self.inner.gen_trace_id()

    def gen_span_id(self) -> str:
        return self.inner.gen_span_id()

    def gen_group_id(self) -> str:
        return self.inner.gen_group_id()

    def create_trace(self, name: str, *args: Any, **kwargs: Any) -> Trace:
        self.traces.append(name)
        return self.inner.create_trace(name, *args, **kwargs)

    def create_span(self, span_data: Any, *args: Any, **kwargs: Any) -> Span[Any]:
        self.spans.append(span_data.type)
        return self.inner.create_span(span_data, *args, **kwargs)


async def test_a_custom_trace_provider_sees_every_span(
    collector: Collector, groq: LoopbackProvider
) -> None:
    inner = get_trace_provider()
    assert isinstance(inner, DefaultTraceProvider)
    wrapper = WrappingProvider(inner)
    set_trace_provider(wrapper)
    try:
        client = AsyncOpenAI(api_key=KEY, base_url=groq.base_url, max_retries=0)
        agent = Agent(name="a", model=OpenAIChatCompletionsModel("m", client))
        with trace("outer"):
            await Runner.run(agent, "hi")
    finally:
        set_trace_provider(inner)
    assert wrapper.traces == ["outer"]
    assert wrapper.spans == ["task", "agent", "turn", "generation"]
    assert [s.span_data.type for s in collector.ended()] == ["generation", "turn", "agent", "task"]


async def test_disabled_run_inside_a_trace_records_nothing(
    collector: Collector, groq: LoopbackProvider
) -> None:
    client = AsyncOpenAI(api_key=KEY, base_url=groq.base_url, max_retries=0)
    agent = Agent(name="a", model=OpenAIChatCompletionsModel("m", client))
    with trace("outer"):
        await Runner.run(agent, "hi", run_config=RunConfig(tracing_disabled=True))
    assert collector.ended() == []
    assert [t.name for t in collector.traces()] == ["outer"]
