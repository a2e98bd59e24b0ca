"""The turn loop: tools, tool_use_behavior, output types, max_turns, conversation state."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import pytest

from agents import Agent
from agents import FunctionToolResult
from agents import MaxTurnsExceeded
from agents import ModelBehaviorError
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import RunContextWrapper
from agents import Runner
from agents import StopAtTools
from agents import ToolCallOutputItem
from agents import ToolsToFinalOutputResult
from agents import UserError
from agents import function_tool
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ScriptedModel
from agents.testing import ToolCall

from .fixtures.dialects import chat_usage
from .structured_helpers import Pair
from .structured_helpers import Point
from .structured_helpers import Weather


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@function_tool
def explode(reason: str) -> str:
    """Always fails."""
    raise RuntimeError(f"boom: {reason}")


def tool_messages(provider: LoopbackProvider, request: int = -1) -> dict[str, str]:
    messages = provider.chat_requests[request]["messages"]
    return {m["tool_call_id"]: m["content"] for m in messages if m["role"] == "tool"}


async def test_plain_text_run(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    agent = Agent(name="a", instructions="Be brief.", model=model)
    result = await Runner.run(agent, "Hello there")
    assert result.final_output == "[loopback:test-model] You said: Hello there"
    assert result.last_agent is agent
    body = provider.chat_requests[0]
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hello there"},
    ]
    assert "tools" not in body and "stream" not in body


async def test_agent_without_name_runs(model: OpenAIChatCompletionsModel) -> None:
    result = await Runner.run(Agent(model=model), "hi")
    assert result.last_agent.name == "Agent"
    assert result.final_output


async def test_tool_round_trip_and_usage(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    provider.enqueue(
        Reply(
            tool_calls=[ToolCall("add", {"a": 2, "b": 40}, id="call_a")],
            usage={"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
        ),
        Reply(
            text="42",
            usage=chat_usage(30, 2, cached=8, reasoning=1),
        ),
    )
    agent = Agent(name="calc", tools=[add], model=model)
    result = await Runner.run(agent, "2+40?")
    assert result.final_output == "42"
    assert tool_messages(provider) == {"call_a": "42"}
    assert [i.type for i in result.new_items] == [
        "tool_call_item",
        "tool_call_output_item",
        "message_output_item",
    ]
    usage = result.context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens, usage.total_tokens) == (
        2,
        41,
        9,
        50,
    )
    assert usage.input_tokens_details.cached_tokens == 8
    assert usage.output_tokens_details.reasoning_tokens == 1
    tool_param = provider.chat_requests[0]["tools"][0]
    assert tool_param["function"]["name"] == "add"
    assert tool_param["function"]["strict"] is True


async def test_tool_errors_go_back_to_the_model(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    provider.enqueue(
        Reply(
            tool_calls=[
                ToolCall("explode", {"reason": "x"}, id="c1"),
                ToolCall("add", '{"a": 1, "b": ', id="c2"),
                ToolCall("add", {"a": "not a number", "b": 1}, id="c3"),
                ToolCall("missing_tool", {}, id="c4"),
            ]
        ),
        Reply(text="recovered"),
    )
    agent = Agent(name="a", tools=[add, explode], model=model)
    result = await Runner.run(agent, "go")
    assert result.final_output == "recovered"
    sent = tool_messages(provider)
    assert "boom: x" in sent["c1"]
    assert "Invalid JSON arguments for tool 'add'" in sent["c2"]
    assert "Invalid arguments for tool 'add'" in sent["c3"]
    assert (
        sent["c4"] == "Error: there is no tool named 'missing_tool'. Available tools: add, explode."
    )


async def test_tool_failure_raises_when_asked() -> None:
    @function_tool(failure_error_function=None)
    def fragile() -> str:
        """Fails loudly."""
        raise ValueError("fragile broke")

    model = ScriptedModel([Reply(tool_calls=[ToolCall("fragile")])])
    with pytest.raises(ValueError, match="fragile broke"):
        await Runner.run(Agent(name="a", tools=[fragile], model=model), "go")


async def test_tool_calls_of_one_turn_run_concurrently() -> None:
    first_started = asyncio.Event()
    second_started = asyncio.Event()

    @function_tool
    async def first() -> str:
        """Waits for the second tool to start."""
        first_started.set()
        await asyncio.wait_for(second_started.wait(), timeout=5)
        return "one"

    @function_tool
    async def second() -> str:
        """Waits for the first tool to start."""
        second_started.set()
        await asyncio.wait_for(first_started.wait(), timeout=5)
        return "two"

    model = ScriptedModel(
        [Reply(tool_calls=[ToolCall("first"), ToolCall("second")]), Reply(text="both")]
    )
    result = await Runner.run(Agent(name="a", tools=[first, second], model=model), "go")
    outputs = [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert outputs == ["one", "two"]  # the order of the calls, not of completion


async def test_context_reaches_tools_and_instructions() -> None:
    @dataclass
    class User:
        name: str

    @function_tool
    def whoami(ctx: RunContextWrapper[User]) -> str:
        """The current user's name."""
        return ctx.context.name

    async def instructions(ctx: RunContextWrapper[User], agent: Agent[User]) -> str:
        return f"The user is {ctx.context.name}; you are {agent.name}."

    model = ScriptedModel([Reply(tool_calls=[ToolCall("whoami")]), Reply(text="ok")])
    agent = Agent[User](name="helper", instructions=instructions, tools=[whoami], model=model)
    result = await Runner.run(agent, "who?", context=User("Ada"))
    assert result.new_items[1].output == "Ada"  # type: ignore[attr-defined]
    assert model.calls[0].system_instructions == "The user is Ada; you are helper."
    assert whoami.params_json_schema["properties"] == {}


async def test_max_turns() -> None:
    model = ScriptedModel(
        responder=lambda call: Reply(tool_calls=[ToolCall("add", {"a": 1, "b": 1})])
    )
    with pytest.raises(MaxTurnsExceeded, match=r"Max turns \(3\) exceeded"):
        await Runner.run(Agent(name="loop", tools=[add], model=model), "go", max_turns=3)
    assert len(model.calls) == 3


@pytest.mark.parametrize(
    ("behavior", "expected"),
    [
        ("stop_on_first_tool", 3),
        (StopAtTools(stop_at_tool_names=["add"]), 3),
    ],
)
async def test_tool_use_behavior_stops(behavior: Any, expected: Any) -> None:
    model = ScriptedModel([Reply(tool_calls=[ToolCall("add", {"a": 1, "b": 2})])])
    agent = Agent(name="a", tools=[add], model=model, tool_use_behavior=behavior)
    result = await Runner.run(agent, "go")
    assert result.final_output == expected
    assert len(model.calls) == 1


async def test_stop_at_tools_continues_for_other_tools() -> None:
    model = ScriptedModel(
        [Reply(tool_calls=[ToolCall("add", {"a": 1, "b": 2})]), Reply(text="fin")]
    )
    agent = Agent(
        name="a",
        tools=[add],
        model=model,
        tool_use_behavior=StopAtTools(stop_at_tool_names=["other"]),
    )
    assert (await Runner.run(agent, "go")).final_output == "fin"


async def test_tool_use_behavior_function() -> None:
    async def decide(
        ctx: RunContextWrapper[Any], results: list[FunctionToolResult]
    ) -> ToolsToFinalOutputResult:
        return ToolsToFinalOutputResult(
            is_final_output=True, final_output=f"sum={results[0].output}"
        )

    model = ScriptedModel([Reply(tool_calls=[ToolCall("add", {"a": 5, "b": 5})])])
    agent = Agent(name="a", tools=[add], model=model, tool_use_behavior=decide)
    assert (await Runner.run(agent, "go")).final_output == "sum=10"


async def test_forced_tool_choice_is_reset_after_use() -> None:
    model = ScriptedModel([Reply(tool_calls=[ToolCall("add", {"a": 1, "b": 1})]), Reply(text="2")])
    agent = Agent(
        name="a", tools=[add], model=model, model_settings=ModelSettings(tool_choice="required")
    )
    await Runner.run(agent, "go")
    assert [c.model_settings.tool_choice for c in model.calls] == ["required", None]


@pytest.mark.parametrize(
    ("output_type", "wire", "expected"),
    [
        (Weather, '{"city": "Oslo", "celsius": -3.5}', Weather(city="Oslo", celsius=-3.5)),
        (Point, '{"x": 1, "y": 2}', Point(1, 2)),
        (Pair, '{"left": "a", "right": "b"}', {"left": "a", "right": "b"}),
        (list[int], '{"response": [1, 2, 3]}', [1, 2, 3]),
        (int, '{"response": 7}', 7),
    ],
)
async def test_output_types_through_json_schema(
    provider: LoopbackProvider,
    model: OpenAIChatCompletionsModel,
    output_type: Any,
    wire: str,
    expected: Any,
) -> None:
    provider.enqueue(Reply(text=wire))
    result = await Runner.run(Agent(name="s", output_type=output_type, model=model), "go")
    assert result.final_output == expected
    fmt = provider.chat_requests[0]["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"]["type"] == "object"
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False


async def test_invalid_structured_output_is_a_model_behavior_error(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    provider.enqueue(Reply(text='{"city": "Oslo"}'))
    with pytest.raises(ModelBehaviorError, match="Weather"):
        await Runner.run(Agent(name="s", output_type=Weather, model=model), "go")


async def test_conversation_continues_from_to_input_list(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    agent = Agent(name="a", tools=[add], model=model)
    provider.enqueue(
        Reply(tool_calls=[ToolCall("add", {"a": 1, "b": 2}, id="c9")]), Reply(text="3")
    )
    first = await Runner.run(agent, "1+2")
    history = first.to_input_list()
    second = await Runner.run(agent, [*history, {"role": "user", "content": "and again?"}])
    assert second.final_output.endswith("You said: and again?")
    sent = provider.chat_requests[-1]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "tool", "assistant", "user"]
    assert sent[1]["tool_calls"][0]["id"] == "c9"
    assert sent[2] == {"role": "tool", "tool_call_id": "c9", "content": "3"}
    assert sent[3] == {"role": "assistant", "content": "3"}
    assert first.input == "1+2"  # the caller's input is not modified


async def test_run_config_model_overrides_agent_model(provider: LoopbackProvider) -> None:
    from .conftest import make_model

    agent = Agent(name="a", model=make_model(provider, "agent-model"))
    result = await Runner.run(
        agent, "x", run_config=RunConfig(model=make_model(provider, "run-model"))
    )
    assert provider.chat_requests[0]["model"] == "run-model"
    assert "[loopback:run-model]" in result.final_output


async def test_settings_reach_the_wire(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    agent = Agent(
        name="a",
        tools=[add],
        model=model,
        model_settings=ModelSettings(temperature=0.2, max_tokens=50, extra_body={"seed": 4}),
    )
    config = RunConfig(
        model_settings=ModelSettings(top_p=0.5, tool_choice="add", extra_headers={"X-Trace": "t1"})
    )
    await Runner.run(agent, "x", run_config=config)
    body = provider.chat_requests[0]
    assert (body["temperature"], body["top_p"], body["max_tokens"], body["seed"]) == (
        0.2,
        0.5,
        50,
        4,
    )
    assert body["tool_choice"] == {"type": "function", "function": {"name": "add"}}
    assert provider.requests[0].headers["x-trace"] == "t1"


def test_model_settings_resolve() -> None:
    base = ModelSettings(temperature=0.1, extra_args={"a": 1})
    merged = base.resolve(ModelSettings(top_p=0.9, extra_args={"b": 2}))
    assert (merged.temperature, merged.top_p, merged.extra_args) == (0.1, 0.9, {"a": 1, "b": 2})
    assert base.top_p is None


def test_clone_changes_only_what_is_asked() -> None:
    agent = Agent(name="a", instructions="x", tools=[add])
    copy = agent.clone(name="b")
    assert (copy.name, copy.instructions, copy.tools) == ("b", "x", [add])
    assert agent.name == "a"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": 42}, "model must be a model name or a Model instance"),
        ({"model_settings": {"temperature": 1}}, "model_settings must be a ModelSettings"),
        ({"name": None}, "name must be a string"),
    ],
)
def test_bad_agent_configuration_is_a_user_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(UserError, match=message):
        Agent(**kwargs)


async def test_bad_runner_input_is_a_user_error() -> None:
    with pytest.raises(UserError, match="starting_agent"):
        await Runner.run("not an agent", "x")  # type: ignore[arg-type]
    with pytest.raises(UserError, match="max_turns"):
        await Runner.run(Agent(), "x", max_turns=0)


def test_tool_output_json_for_structures() -> None:
    from agents.tool import tool_output_to_text

    assert tool_output_to_text({"a": [1, 2]}) == json.dumps({"a": [1, 2]})
    assert tool_output_to_text(Weather(city="x", celsius=1)) == '{"city":"x","celsius":1.0}'
    assert tool_output_to_text("plain") == "plain"


async def test_call_model_input_filter_changes_only_what_is_sent() -> None:
    from agents import CallModelData
    from agents import ModelInputData

    seen: list[CallModelData[Any]] = []

    async def keep_last(data: CallModelData[Any]) -> ModelInputData:
        seen.append(data)
        return ModelInputData(
            input=data.model_data.input[-1:],
            instructions=f"{data.model_data.instructions} Today is Tuesday.",
        )

    model = ScriptedModel([Reply(text="first"), Reply(text="second")])
    agent = Agent(name="a", instructions="Be brief.", model=model)
    config = RunConfig(call_model_input_filter=keep_last)
    first = await Runner.run(agent, "one", run_config=config, context={"user": 1})
    history = [*first.to_input_list(), {"role": "user", "content": "two"}]
    second = await Runner.run(agent, history, run_config=config)
    assert model.calls[1].input == [{"role": "user", "content": "two"}]
    assert model.calls[1].system_instructions == "Be brief. Today is Tuesday."
    assert len(second.to_input_list()) == 4  # the run's own conversation is whole
    assert seen[0].agent is agent and seen[0].context == {"user": 1}


async def test_call_model_input_filter_must_return_model_input_data() -> None:
    model = ScriptedModel([Reply(text="x")])
    config = RunConfig(call_model_input_filter=lambda data: ["not", "it"])  # type: ignore[arg-type,return-value]
    with pytest.raises(UserError, match="must return ModelInputData"):
        await Runner.run(Agent(name="a", model=model), "one", run_config=config)
