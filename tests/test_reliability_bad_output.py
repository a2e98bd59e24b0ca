"""Bad model output has defined behaviour, and a failed turn leaves nothing half-written."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from pydantic import BaseModel

from agents import Agent
from agents import ModelBehaviorError
from agents import ModelSettings
from agents import OpenAIResponsesModel
from agents import OutputTruncatedError
from agents import ProviderBadRequestError
from agents import RunConfig
from agents import Runner
from agents import SQLiteSession
from agents import function_tool
from agents.json_repair import repair_json_object
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall

from .conftest import TEST_KEY
from .conftest import make_model
from .helpers.runs import run_either_way

CONFIG = RunConfig(tracing_disabled=True)


async def run(agent: Agent[Any], streamed: bool, input: Any = "hi", **kwargs: Any) -> Any:
    return (await run_either_way(agent, input, streamed=streamed, run_config=CONFIG, **kwargs))[0]


# -- malformed tool-call JSON ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"a": 1, "b": 2,}', {"a": 1, "b": 2}),
        ('{"a": [1, 2,], }', {"a": [1, 2]}),
        ('{"a": 1, "b": {"c": "}"}', {"a": 1, "b": {"c": "}"}}),
        ('{"a": 1, "b": [1, 2', {"a": 1, "b": [1, 2]}),
        ('```json\n{"city": "Paris"}\n```', {"city": "Paris"}),
        ('```\n{"city": "Paris",}\n```', {"city": "Paris"}),
        ('  {"text": "a, \\"quoted\\" b",}  ', {"text": 'a, "quoted" b'}),
        ('{"a": ', None),  # a value is missing: no single reading
        ('{"a": "cut off mid-str', None),
        ('{"a": 1}}', None),
        ('{"a": 1]', None),
        ("[1, 2,]", None),  # tool arguments are an object
        ("city=Paris", None),
    ],
)
def test_json_repair(raw: str, expected: dict[str, Any] | None) -> None:
    assert repair_json_object(raw) == expected


def adder() -> tuple[Any, list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []

    @function_tool
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        calls.append((a, b))
        return a + b

    return add, calls


def tool_outputs(provider: LoopbackProvider) -> list[str]:
    return [
        m["content"]
        for body in provider.chat_requests
        for m in body["messages"]
        if m.get("role") == "tool"
    ]


@pytest.mark.parametrize(
    "arguments", ['{"a": 2, "b": 3,}', '{"a": 2, "b": 3', '```json\n{"a": 2, "b": 3}\n```']
)
async def test_repairable_arguments_run_the_tool(
    provider: LoopbackProvider, arguments: str, streamed: bool
) -> None:
    add, calls = adder()
    provider.enqueue(Reply(tool_calls=[ToolCall("add", arguments)]), Reply(text="5"))
    result = await run(Agent(name="a", model=make_model(provider), tools=[add]), streamed)
    assert calls == [(2, 3)]
    assert result.final_output == "5"
    assert tool_outputs(provider) == ["5"]


async def test_unrepairable_arguments_go_back_to_the_model(provider: LoopbackProvider) -> None:
    add, calls = adder()
    provider.enqueue(Reply(tool_calls=[ToolCall("add", '{"a": 2, "b": }')]), Reply(text="sorry"))
    result = await run(Agent(name="a", model=make_model(provider), tools=[add]), False)
    assert calls == [] and result.final_output == "sorry"
    (told,) = tool_outputs(provider)
    assert "Invalid JSON arguments for tool 'add'" in told


async def test_unknown_tool_and_bad_arguments_go_back_to_the_model(
    provider: LoopbackProvider,
) -> None:
    add, calls = adder()
    provider.enqueue(
        Reply(tool_calls=[ToolCall("subtract", {"a": 1}), ToolCall("add", {"a": "x", "b": 1})]),
        Reply(text="done"),
    )
    result = await run(Agent(name="a", model=make_model(provider), tools=[add]), False)
    assert result.final_output == "done" and calls == []
    unknown, invalid = tool_outputs(provider)
    assert "no tool named 'subtract'" in unknown and "Available tools: add" in unknown
    assert "Invalid arguments for tool 'add'" in invalid


# -- empty and truncated answers --------------------------------------------------------


async def test_empty_answer_is_a_model_behavior_error(
    provider: LoopbackProvider, streamed: bool
) -> None:
    provider.enqueue(Reply(text=None))
    with pytest.raises(ModelBehaviorError, match="empty answer") as info:
        await run(Agent(name="a", model=make_model(provider)), streamed)
    assert provider.base_url in str(info.value)
    assert "FallbackModel" in str(info.value)
    assert info.value.run_data is not None


async def test_reasoning_only_answer_points_at_max_tokens(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text=None, reasoning="thinking hard about it"))
    with pytest.raises(ModelBehaviorError, match="only reasoning") as info:
        await run(Agent(name="a", model=make_model(provider)), False)
    assert "max_tokens" in str(info.value)


async def test_truncated_text_is_kept_with_a_warning(
    provider: LoopbackProvider, streamed: bool, caplog: pytest.LogCaptureFixture
) -> None:
    provider.enqueue(Reply(text="The first half of", finish_reason="length"))
    agent = Agent(name="a", model=make_model(provider), model_settings=ModelSettings(max_tokens=5))
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        result = await run(agent, streamed)
    assert result.final_output == "The first half of"
    (warning,) = [r.getMessage() for r in caplog.records if "cut off" in r.getMessage()]
    assert "max_tokens=5" in warning


async def test_truncated_tool_call_is_an_error_naming_max_tokens(
    provider: LoopbackProvider, streamed: bool
) -> None:
    add, calls = adder()
    provider.enqueue(Reply(tool_calls=[ToolCall("add", '{"a": 2, "b"')], finish_reason="length"))
    agent = Agent(
        name="a",
        model=make_model(provider),
        tools=[add],
        model_settings=ModelSettings(max_tokens=7),
    )
    with pytest.raises(OutputTruncatedError) as info:
        await run(agent, streamed)
    assert "max_tokens=7" in str(info.value) and "tool call" in str(info.value)
    assert isinstance(info.value, ModelBehaviorError)
    assert calls == []
    assert info.value.run_data is not None and info.value.run_data.new_items == []


class Answer(BaseModel):
    city: str
    population: int


async def test_truncated_structured_output_is_an_error(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text='{"city": "Paris", "popul', finish_reason="length"))
    agent = Agent(name="a", model=make_model(provider), output_type=Answer)
    with pytest.raises(OutputTruncatedError, match="structured output"):
        await run(agent, False)


async def test_responses_incomplete_answer_is_marked(
    streamed: bool, caplog: pytest.LogCaptureFixture
) -> None:
    import openai

    with ResponsesLoopback(api_key=TEST_KEY) as server:
        server.enqueue(ResponsesReply(text="Cut short", incomplete="max_output_tokens"))
        client = openai.AsyncOpenAI(api_key=TEST_KEY, base_url=server.base_url)
        agent = Agent(name="r", model=OpenAIResponsesModel(model="gpt-4.1", openai_client=client))
        with caplog.at_level(logging.WARNING, logger="openai.agents"):
            result = await run(agent, streamed)
    assert result.final_output == "Cut short"
    assert any("cut off" in r.getMessage() for r in caplog.records)


# -- nothing lost ------------------------------------------------------------------------


async def test_failed_turn_leaves_the_conversation_as_before(
    provider: LoopbackProvider, streamed: bool
) -> None:
    add, calls = adder()
    provider.enqueue(
        Reply(tool_calls=[ToolCall("add", {"a": 1, "b": 2})]),
        Reply(status=400),
        Reply(text="3, resumed"),
    )
    agent = Agent(name="a", model=make_model(provider), tools=[add])
    session = SQLiteSession("nothing-lost")
    await session.add_items([{"role": "user", "content": "earlier"}])
    if streamed:
        result = Runner.run_streamed(agent, "add 1 and 2", run_config=CONFIG, session=session)
        with pytest.raises(ProviderBadRequestError) as info:
            async for _ in result.stream_events():
                pass
        # What the caller holds is the run up to its last completed turn.
        assert [i["type"] for i in result.to_input_list()[2:]] == [
            "function_call",
            "function_call_output",
        ]
    else:
        with pytest.raises(ProviderBadRequestError) as info:
            await Runner.run(agent, "add 1 and 2", run_config=CONFIG, session=session)
    data = info.value.run_data
    assert data is not None
    assert [item.type for item in data.new_items] == ["tool_call_item", "tool_call_output_item"]
    assert len(data.raw_responses) == 1 and data.last_agent is agent
    assert data.context_wrapper.usage.requests == 1
    assert await session.get_items() == [{"role": "user", "content": "earlier"}]  # untouched
    resume = data.to_input_list()
    assert resume[0] == {"role": "user", "content": "earlier"}
    assert resume[1] == {"role": "user", "content": "add 1 and 2"}
    assert json.loads(resume[2]["arguments"]) == {"a": 1, "b": 2}  # type: ignore[typeddict-item]
    resumed = await Runner.run(agent, resume, run_config=CONFIG)
    assert resumed.final_output == "3, resumed"
    assert calls == [(1, 2)]  # the tool ran once: resuming did not repeat the completed turn


async def test_truncated_tool_call_on_the_litellm_route(streamed: bool) -> None:
    pytest.importorskip("agents.extensions.models.litellm_model")
    from agents.extensions.models.litellm_model import LitellmModel
    from agents.testing.anthropic_server import AnthropicLoopback
    from agents.testing.anthropic_server import AnthropicReply
    from agents.testing.anthropic_server import ToolUse

    add, calls = adder()
    with AnthropicLoopback(api_key=TEST_KEY) as server:
        server.enqueue(
            AnthropicReply(tool_uses=[ToolUse("add", {"a": 1, "b": 2})], stop_reason="max_tokens")
        )
        model = LitellmModel(
            "anthropic/claude-3-5-sonnet-20240620", base_url=server.base_url, api_key=TEST_KEY
        )
        agent = Agent(name="l", model=model, tools=[add])
        with pytest.raises(OutputTruncatedError, match="provider's default limit"):
            await run(agent, streamed)
    assert calls == []
