"""OpenInference's and Traceloop's instrumentations record full spans of freeagents runs.

One scenario on three routes: a triage agent hands off to a calculator agent, which calls a
tool and answers. Groq (Chat Completions, reached as api.groq.com through a loopback proxy so
the real host is in the base URL), Anthropic through LiteLLM, and OpenAI's Responses API.
The spans exported to OpenTelemetry must name the real provider and model, carry each call's
token usage, the input and output messages, the tool call and the handoff.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from openai import AsyncOpenAI

from agents import Agent
from agents import Model
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
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
from agents.testing.anthropic_server import ToolUse

from .conftest import Instrumented

KEY = "sk-instrumented-0123456789abcdef"


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@contextmanager
def _proxied(
    server: LoopbackProvider | ResponsesLoopback, reply: Callable[..., Any], base_url: str
) -> Iterator[AsyncOpenAI]:
    """A client of the real host `base_url`, reaching `server` (scripted with the scenario)
    through it as a proxy, so the real host is what the instrumentations see."""
    with server:
        server.enqueue(
            reply(tool_calls=[ToolCall("transfer_to_calc", {})]),
            reply(tool_calls=[ToolCall("add", {"a": 1, "b": 2})]),
            reply(text="The sum is 3."),
        )
        yield AsyncOpenAI(
            api_key=KEY,
            base_url=base_url,
            http_client=httpx.AsyncClient(proxy=server.url()),
            max_retries=0,
        )


@contextmanager
def groq_route() -> Iterator[Model]:
    groq = LoopbackProvider("groq", api_key=KEY)
    with _proxied(groq, Reply, "http://api.groq.com/openai/v1") as client:
        yield OpenAIChatCompletionsModel("llama-3.3-70b-versatile", client)


@contextmanager
def anthropic_route() -> Iterator[Model]:
    with AnthropicLoopback(api_key=KEY) as server:
        server.enqueue(
            AnthropicReply(tool_uses=[ToolUse("transfer_to_calc", {})]),
            AnthropicReply(tool_uses=[ToolUse("add", {"a": 1, "b": 2})]),
            AnthropicReply(text="The sum is 3."),
        )
        yield LitellmModel("anthropic/claude-3-7-sonnet-20250219", server.base_url, KEY)


@contextmanager
def responses_route() -> Iterator[Model]:
    openai = ResponsesLoopback("openai", api_key=KEY)
    with _proxied(openai, ResponsesReply, "http://api.openai.com/v1") as client:
        yield OpenAIResponsesModel("gpt-4.1", client)


ROUTES: dict[str, tuple[Callable[[], Any], dict[str, str], str]] = {
    # route: (model factory, provider name per vendor, model name)
    "groq": (
        groq_route,
        {"traceloop": "groq", "openinference": "groq"},
        "llama-3.3-70b-versatile",
    ),
    "anthropic-litellm": (
        anthropic_route,
        {"traceloop": "anthropic", "openinference": "anthropic"},
        "anthropic/claude-3-7-sonnet-20250219",
    ),
    "responses": (responses_route, {"traceloop": "openai", "openinference": "openai"}, "gpt-4.1"),
}


@pytest.mark.parametrize("route", sorted(ROUTES))
async def test_instrumentation_records_the_run(instrumented: Instrumented, route: str) -> None:
    make_model, providers, model_name = ROUTES[route]
    with make_model() as model:
        calc = Agent(name="calc", instructions="Add numbers.", tools=[add], model=model)
        triage = Agent(name="triage", instructions="Route.", handoffs=[calc], model=model)
        result = await Runner.run(triage, "What is 1+2?")
    assert result.final_output == "The sum is 3."
    usages = [r.usage for r in result.raw_responses]
    assert len(usages) == 3 and all(u.input_tokens > 0 and u.output_tokens > 0 for u in usages)
    check = CHECKS[instrumented.vendor]
    check(instrumented.spans(), providers[instrumented.vendor], model_name, usages)


def _attrs(span: Any) -> dict[str, Any]:
    return dict(span.attributes or {})


def assert_model_calls(
    calls: list[Any], named: dict[str, str], usage_keys: tuple[str, str], usages: list[Any]
) -> None:
    """Three model-call spans, each with the attributes `named` (provider and model, under
    the vendor's names) and its own call's input and output token counts (`usage_keys`)."""
    assert len(calls) == 3
    for span, usage in zip(calls, usages, strict=True):
        attrs = _attrs(span)
        assert {key: attrs[key] for key in named} == named
        tokens = (attrs[usage_keys[0]], attrs[usage_keys[1]])
        assert tokens == (usage.input_tokens, usage.output_tokens)


def check_traceloop(spans: list[Any], provider: str, model: str, usages: list[Any]) -> None:
    calls = [s for s in spans if _attrs(s).get("gen_ai.operation.name") == "chat"]
    named = {"gen_ai.provider.name": provider, "gen_ai.request.model": model}
    usage_keys = ("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens")
    assert_model_calls(calls, named, usage_keys, usages)
    first_in = json.loads(_attrs(calls[0])["gen_ai.input.messages"])
    assert {"type": "text", "content": "What is 1+2?"} in first_in[-1]["parts"]
    handoff_out = json.loads(_attrs(calls[0])["gen_ai.output.messages"])
    assert handoff_out[0]["parts"][0]["name"] == "transfer_to_calc"
    tool_out = json.loads(_attrs(calls[1])["gen_ai.output.messages"])
    assert tool_out[0]["parts"][0] == {
        "type": "tool_call",
        "name": "add",
        "id": tool_out[0]["parts"][0]["id"],
        "arguments": {"a": 1, "b": 2},
    }
    final_out = json.loads(_attrs(calls[2])["gen_ai.output.messages"])
    assert final_out[0]["parts"] == [{"type": "text", "content": "The sum is 3."}]
    (tool,) = [s for s in spans if _attrs(s).get("gen_ai.operation.name") == "execute_tool"]
    assert _attrs(tool)["gen_ai.tool.name"] == "add"
    assert _attrs(tool)["gen_ai.tool.call.result"] == "3"
    (handoff,) = [s for s in spans if _attrs(s).get("gen_ai.operation.name") == "handoff"]
    assert handoff.name == "triage → calc.handoff"
    agents = {_attrs(s)["gen_ai.agent.name"] for s in spans if s.name.endswith(".agent")}
    assert agents == {"triage", "calc"}


def check_openinference(spans: list[Any], provider: str, model: str, usages: list[Any]) -> None:
    calls = [s for s in spans if _attrs(s).get("openinference.span.kind") == "LLM"]
    calls.sort(key=lambda s: s.start_time)
    named = {"llm.provider": provider, "llm.model_name": model}
    usage_keys = ("llm.token_count.prompt", "llm.token_count.completion")
    assert_model_calls(calls, named, usage_keys, usages)
    first = _attrs(calls[0])
    roles = {k: v for k, v in first.items() if k.startswith("llm.input_messages.")}
    assert "What is 1+2?" in roles.values()
    second = _attrs(calls[1])
    prefix = "llm.output_messages.0.message.tool_calls.0.tool_call.function."
    assert second[prefix + "name"] == "add"
    assert json.loads(second[prefix + "arguments"]) == {"a": 1, "b": 2}
    final = _attrs(calls[2])
    assert "The sum is 3." in final["output.value"]
    (tool,) = [
        s
        for s in spans
        if _attrs(s).get("openinference.span.kind") == "TOOL"
        and _attrs(s).get("tool.name") == "add"
    ]
    assert _attrs(tool)["output.value"] == "3"
    (handoff,) = [s for s in spans if s.name == "handoff to calc"]
    assert _attrs(handoff)["input.value"] == "triage"
    agents = {_attrs(s).get("agent.name") for s in spans}
    assert {"triage", "calc"} <= agents


CHECKS = {"traceloop": check_traceloop, "openinference": check_openinference}
