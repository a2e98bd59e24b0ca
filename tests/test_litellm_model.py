"""LitellmModel through the real litellm library, against a loopback Anthropic Messages API.

Each test runs the SDK's Runner; litellm translates to Anthropic's protocol and the loopback
server answers in it, so what is checked is the bytes litellm really sends and parses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("agents.extensions.models.litellm_model")

from openai.types.responses import ResponseReasoningItem
from openai.types.shared import Reasoning
from pydantic import BaseModel

from agents import Agent
from agents import ModelSettings
from agents import RunConfig
from agents import Runner
from agents import UserError
from agents import function_tool
from agents.extensions.models.litellm_model import LitellmModel
from agents.extensions.models.litellm_provider import LitellmProvider
from agents.items import ReasoningItem
from agents.testing import LoopbackProvider
from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from agents.testing.anthropic_server import RedactedThinking
from agents.testing.anthropic_server import Thinking
from agents.testing.anthropic_server import ToolUse

from .helpers.runs import run_either_way
from .helpers.runs import text_deltas

KEY = "sk-ant-model-test-0123456789"
CLAUDE = "anthropic/claude-3-7-sonnet-20250219"
THINKING = ModelSettings(extra_args={"thinking": {"type": "enabled", "budget_tokens": 1024}})
CONFIG = RunConfig(tracing_disabled=True)


@pytest.fixture
def server() -> Iterator[AnthropicLoopback]:
    with AnthropicLoopback(api_key=KEY) as running:
        yield running


def claude(server: AnthropicLoopback, model: str = CLAUDE) -> LitellmModel:
    return LitellmModel(model=model, base_url=server.base_url, api_key=KEY)


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"Sunny in {city}"


class City(BaseModel):
    name: str
    country: str


async def run(agent: Agent[Any], prompt: Any, stream: bool) -> Any:
    """Run either way; the streamed run also returns the text deltas seen."""
    result, events = await run_either_way(agent, prompt, streamed=stream, run_config=CONFIG)
    return result, text_deltas(events)


@pytest.mark.parametrize("stream", [False, True])
async def test_text_reply(server: AnthropicLoopback, stream: bool) -> None:
    server.enqueue(AnthropicReply(text="Bonjour from Claude."))
    agent = Agent(name="claude", instructions="Be brief.", model=claude(server))
    result, deltas = await run(agent, "Hello!", stream)
    assert result.final_output == "Bonjour from Claude."
    request = server.message_requests[-1]
    assert request["model"] == "claude-3-7-sonnet-20250219"
    assert request["system"] == [{"type": "text", "text": "Be brief."}]
    assert request["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "Hello!"}]}
    ]
    assert server.requests[-1].headers["x-api-key"] == KEY
    if stream:
        assert len(deltas) > 1
        assert "".join(deltas) == "Bonjour from Claude."


@pytest.mark.parametrize("stream", [False, True])
async def test_tool_call_round_trip(server: AnthropicLoopback, stream: bool) -> None:
    server.enqueue(
        AnthropicReply(text="Checking.", tool_uses=[ToolUse("get_weather", {"city": "Paris"})]),
        AnthropicReply(text="It is sunny in Paris."),
    )
    agent = Agent(name="claude", model=claude(server), tools=[get_weather])
    result, _ = await run(agent, "Weather in Paris?", stream)
    assert result.final_output == "It is sunny in Paris."
    first, second = server.message_requests
    assert first["tools"][0]["name"] == "get_weather"
    assert first["tools"][0]["input_schema"]["properties"]["city"]["type"] == "string"
    assistant, tool_result = second["messages"][1], second["messages"][2]
    tool_use = next(b for b in assistant["content"] if b["type"] == "tool_use")
    assert tool_use["name"] == "get_weather"
    assert tool_use["input"] == {"city": "Paris"}
    assert tool_result["content"][0]["type"] == "tool_result"
    assert tool_result["content"][0]["tool_use_id"] == tool_use["id"]
    assert "Sunny in Paris" in json.dumps(tool_result["content"][0]["content"])


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize(
    "model",
    [
        "anthropic/claude-3-5-sonnet-20240620",  # a forced json tool
        "anthropic/claude-sonnet-4-5-20250929",  # native output_format, in current litellm
    ],
)
async def test_structured_output(server: AnthropicLoopback, stream: bool, model: str) -> None:
    def answer(body: dict[str, Any]) -> AnthropicReply:
        forced = body.get("tool_choice") or {}
        if forced.get("type") == "tool":
            city = ToolUse(forced["name"], {"name": "Paris", "country": "FR"})
            return AnthropicReply(tool_uses=[city])
        return AnthropicReply(text='{"name": "Paris", "country": "FR"}')

    server.responder = answer
    agent = Agent(name="claude", model=claude(server, model), output_type=City)
    result, _ = await run(agent, "Capital of France?", stream)
    assert result.final_output == City(name="Paris", country="FR")
    request = server.message_requests[-1]
    if "output_format" in request:
        schema = request["output_format"]["schema"]
    else:
        assert request["tool_choice"]["type"] == "tool"
        schema = request["tools"][0]["input_schema"]
    assert set(schema["properties"]) == {"name", "country"}


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("include_usage", [None, True])
async def test_usage_counts_cache_reads_and_writes_as_input(
    server: AnthropicLoopback, stream: bool, include_usage: bool | None
) -> None:
    usage = {
        "input_tokens": 10,
        "cache_read_input_tokens": 100,
        "cache_creation_input_tokens": 50,
        "output_tokens": 7,
    }
    server.enqueue(AnthropicReply(text="cached answer", usage=usage))
    agent = Agent(
        name="claude",
        model=claude(server),
        model_settings=ModelSettings(include_usage=include_usage),
    )
    result, _ = await run(agent, "Hello!", stream)
    total = result.context_wrapper.usage
    assert total.requests == 1
    assert total.input_tokens == 160
    assert total.output_tokens == 7
    assert total.total_tokens == 167
    assert total.input_tokens_details.cached_tokens == 100
    assert total.input_tokens_details.cache_write_tokens == 50


async def test_usage_sums_over_turns(server: AnthropicLoopback) -> None:
    server.enqueue(
        AnthropicReply(
            tool_uses=[ToolUse("get_weather", {"city": "Oslo"})],
            usage={"input_tokens": 5, "output_tokens": 3},
        ),
        AnthropicReply(text="Cold.", usage={"input_tokens": 9, "output_tokens": 2}),
    )
    agent = Agent(name="claude", model=claude(server), tools=[get_weather])
    result, _ = await run(agent, "Weather in Oslo?", True)
    usage = result.context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (2, 14, 5)


def _thinking_request_ok(request: dict[str, Any], signature: str) -> None:
    assistant = request["messages"][1]
    assert assistant["role"] == "assistant"
    first = assistant["content"][0]
    assert first == {
        "type": "thinking",
        "thinking": "I need the weather tool.",
        "signature": signature,
    }


@pytest.mark.parametrize("stream", [False, True])
async def test_thinking_blocks_return_on_tool_call_turns(
    server: AnthropicLoopback, stream: bool
) -> None:
    server.enqueue(
        AnthropicReply(
            thinking=[Thinking("I need the weather tool.", signature="sig-weather")],
            tool_uses=[ToolUse("get_weather", {"city": "Paris"})],
        ),
        AnthropicReply(thinking=[Thinking("Now answer.")], text="Sunny in Paris."),
    )
    agent = Agent(name="claude", model=claude(server), tools=[get_weather], model_settings=THINKING)
    result, _ = await run(agent, "Weather in Paris?", stream)
    # The server rejects a tool turn without its signed thinking block, so reaching the
    # answer already shows the block went back; check its exact shape too.
    assert result.final_output == "Sunny in Paris."
    _thinking_request_ok(server.message_requests[1], "sig-weather")

    reasoning = [item for item in result.new_items if isinstance(item, ReasoningItem)]
    assert len(reasoning) == 2
    assert reasoning[0].raw_item.summary[0].text == "I need the weather tool."
    data = reasoning[0].raw_item.model_dump()["provider_data"]
    assert data["model"] == CLAUDE
    assert data["thinking_blocks"] == [
        {"type": "thinking", "thinking": "I need the weather tool.", "signature": "sig-weather"}
    ]

    # The conversation survives JSON and goes back to Claude with its signatures.
    history = json.loads(json.dumps(result.to_input_list()))
    server.enqueue(AnthropicReply(text="You asked about Paris."))
    follow_up = await Runner.run(
        agent, [*history, {"role": "user", "content": "What did I ask?"}], run_config=CONFIG
    )
    assert follow_up.final_output == "You asked about Paris."
    sent = server.message_requests[-1]["messages"]
    assert sent[1]["content"][0]["signature"] == "sig-weather"


@pytest.mark.parametrize("stream", [False, True])
async def test_redacted_thinking_round_trip(server: AnthropicLoopback, stream: bool) -> None:
    server.enqueue(
        AnthropicReply(
            thinking=[RedactedThinking("opaque-data-1")],
            tool_uses=[ToolUse("get_weather", {"city": "Rome"})],
        ),
        AnthropicReply(text="Sunny in Rome."),
    )
    agent = Agent(name="claude", model=claude(server), tools=[get_weather], model_settings=THINKING)
    result, _ = await run(agent, "Weather in Rome?", stream)
    assert result.final_output == "Sunny in Rome."
    assistant = server.message_requests[1]["messages"][1]
    assert assistant["content"][0] == {"type": "redacted_thinking", "data": "opaque-data-1"}
    reasoning = next(i for i in result.new_items if isinstance(i, ReasoningItem))
    assert reasoning.raw_item.summary == []


async def test_thinking_blocks_are_dropped_for_another_model_family(
    server: AnthropicLoopback,
) -> None:
    server.enqueue(
        AnthropicReply(
            thinking=[Thinking("Claude's private plan.", signature="sig-private")],
            tool_uses=[ToolUse("get_weather", {"city": "Lima"})],
        ),
        AnthropicReply(text="Sunny in Lima."),
    )
    agent = Agent(name="claude", model=claude(server), tools=[get_weather], model_settings=THINKING)
    result = await Runner.run(agent, "Weather in Lima?", run_config=CONFIG)
    history = [*result.to_input_list(), {"role": "user", "content": "Thanks!"}]

    with LoopbackProvider("other", api_key="sk-other-0123456789") as other:
        gpt = LitellmModel(
            "openai/gpt-4o-mini", base_url=other.base_url, api_key="sk-other-0123456789"
        )
        follow_up = await Runner.run(Agent(name="gpt", model=gpt), history, run_config=CONFIG)
        sent = other.chat_requests[-1]
    assert "You said: Thanks!" in follow_up.final_output
    assert "sig-private" not in json.dumps(sent)
    assert all("thinking_blocks" not in m for m in sent["messages"])
    assert [m["role"] for m in sent["messages"]] == [
        "user",
        "assistant",
        "tool",
        "assistant",
        "user",
    ]


async def test_settings_reach_anthropic(server: AnthropicLoopback) -> None:
    settings = ModelSettings(
        temperature=0.3,
        top_p=0.9,
        max_tokens=500,
        tool_choice="required",
        parallel_tool_calls=False,
        store=True,  # not an Anthropic parameter: dropped, not a failed call
        reasoning=Reasoning(effort="low"),
    )
    server.enqueue(AnthropicReply(tool_uses=[ToolUse("get_weather", {"city": "Nice"})]))
    agent = Agent(
        name="claude",
        model=claude(server),
        tools=[get_weather],
        model_settings=settings,
        tool_use_behavior="stop_on_first_tool",
    )
    result = await Runner.run(agent, "Weather?", run_config=CONFIG)
    assert result.final_output == "Sunny in Nice"
    request = server.message_requests[-1]
    assert request["temperature"] == 0.3
    assert request["top_p"] == 0.9
    assert request["max_tokens"] == 500
    assert request["tool_choice"] == {"type": "any", "disable_parallel_tool_use": True}
    assert request["thinking"]["type"] == "enabled"
    assert "store" not in request


async def test_extra_headers_and_extra_args(server: AnthropicLoopback) -> None:
    settings = ModelSettings(extra_headers={"x-trace": "abc"}, extra_args={"stop": ["END"]})
    agent = Agent(name="claude", model=claude(server), model_settings=settings)
    await Runner.run(agent, "Hi", run_config=CONFIG)
    assert server.requests[-1].headers["x-trace"] == "abc"
    assert server.message_requests[-1]["stop_sequences"] == ["END"]


async def test_litellm_prefix_routes_here(
    server: AnthropicLoopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_API_BASE", server.base_url)
    server.enqueue(AnthropicReply(text="Routed."))
    agent = Agent(name="claude", model="litellm/anthropic/claude-3-5-sonnet-20240620")
    result = await Runner.run(agent, "Hi", run_config=CONFIG)
    assert result.final_output == "Routed."
    assert server.message_requests[-1]["model"] == "claude-3-5-sonnet-20240620"


def test_provider_builds_litellm_models() -> None:
    model = LitellmProvider().get_model("anthropic/claude-3-5-sonnet-20240620")
    assert isinstance(model, LitellmModel)
    assert model.model == "anthropic/claude-3-5-sonnet-20240620"
    with pytest.raises(UserError, match="provider/model form"):
        LitellmProvider().get_model(None)


def test_bad_model_name_is_a_user_error() -> None:
    with pytest.raises(UserError, match="provider/model form"):
        LitellmModel(model="")


def test_repr_names_model_not_key() -> None:
    model = LitellmModel("anthropic/claude-3-5-sonnet-20240620", base_url="http://x", api_key=KEY)
    assert (
        repr(model)
        == "LitellmModel(model='anthropic/claude-3-5-sonnet-20240620', base_url='http://x')"
    )
    assert KEY not in repr(model)
    assert model.provider == "anthropic"


async def test_reasoning_item_is_a_plain_responses_item(server: AnthropicLoopback) -> None:
    server.enqueue(AnthropicReply(thinking=[Thinking("a thought")], text="done"))
    result = await Runner.run(Agent(name="c", model=claude(server)), "Hi", run_config=CONFIG)
    item = next(i for i in result.new_items if isinstance(i, ReasoningItem)).raw_item
    assert isinstance(item, ResponseReasoningItem)
    dumped = item.model_dump(mode="json")
    assert dumped["type"] == "reasoning"
    assert dumped["provider_data"]["provider"] == "litellm"
    assert dumped["provider_data"]["litellm_provider"] == "anthropic"


def test_thinking_family_spans_claude_routes_only() -> None:
    from agents.extensions.models.litellm_thinking import family

    claude_routes = [
        "anthropic/claude-3-7-sonnet-20250219",
        "claude-3-7-sonnet-20250219",
        "bedrock/anthropic.claude-3-7-sonnet-20250219-v1:0",
        "vertex_ai/claude-3-7-sonnet@20250219",
    ]
    assert {family(name) for name in claude_routes} == {"claude"}
    # Claude behind an OpenAI-compatible gateway does not take Anthropic's blocks back.
    assert family("openrouter/anthropic/claude-3.5-sonnet") != "claude"
    assert family("openai/gpt-4o") == "openai/gpt-4o"
