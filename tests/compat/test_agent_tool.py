"""Agent.as_tool as the reference has it: the nested run's events through on_stream
(AgentToolStreamEvent), the invocation on the nested result (AgentToolInvocation), structured
parameters (agents.agent_tool_input), and the origin each tool item records (ToolOrigin)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic import Field

from agents import Agent
from agents import AgentToolInvocation
from agents import AgentToolStreamEvent
from agents import FunctionToolCustomDataContext
from agents import RunConfig
from agents import Runner
from agents import RunResult
from agents import ToolCallItem
from agents import ToolCallOutputItem
from agents import ToolOrigin
from agents import ToolOriginType
from agents import UserError
from agents import function_tool
from agents.agent_tool_input import STRUCTURED_INPUT_PREAMBLE
from agents.agent_tool_input import StructuredToolInputBuilderOptions
from agents.agent_tool_input import build_structured_input_schema_info
from agents.agent_tool_input import resolve_agent_tool_input
from agents.stream_events import RawResponsesStreamEvent
from agents.stream_events import RunItemStreamEvent
from agents.testing import LoopbackProvider
from tests.compat.conftest import Route
from tests.compat.conftest import chat_route
from tests.compat.conftest import run

CONFIG = RunConfig(tracing_disabled=True)


@pytest.fixture
def chat(chat_server: LoopbackProvider) -> Route:
    return chat_route(chat_server)


def user_text(body: dict[str, Any]) -> str:
    """The nested run's user message, as the provider received it."""
    return str([m for m in body["messages"] if m["role"] == "user"][-1]["content"])


async def test_on_stream_gets_the_nested_runs_events(chat: Route, streamed: bool) -> None:
    seen: list[AgentToolStreamEvent] = []

    async def on_stream(event: AgentToolStreamEvent) -> None:
        seen.append(event)

    helper = Agent(name="Helper", model=chat.model, instructions="help")
    tool = helper.as_tool("helper", "Asks the helper.", on_stream=on_stream)
    chat.server.enqueue(
        chat.call("helper", {"input": "what is 2+2?"}), chat.say("four"), chat.say("It is four.")
    )
    outer = Agent(name="Outer", model=chat.model, tools=[tool])
    result = await run(outer, "ask", streamed, run_config=CONFIG)
    assert result.final_output == "It is four."
    assert {e["agent"].name for e in seen} == {"Helper"}
    assert any(isinstance(e["event"], RawResponsesStreamEvent) for e in seen)
    names = [e["event"].name for e in seen if isinstance(e["event"], RunItemStreamEvent)]
    assert "message_output_created" in names
    call = next(i for i in result.new_items if isinstance(i, ToolCallItem)).raw_item
    assert {e["tool_call"].call_id for e in seen if e["tool_call"]} == {call.call_id}
    assert "four" in json.dumps(chat.requests()[-1])  # the nested answer went back to Outer


async def test_a_slow_on_stream_callback_past_the_limit_fails_the_tool(chat: Route) -> None:
    never = asyncio.Event()

    async def stuck(event: AgentToolStreamEvent) -> None:
        await never.wait()

    helper = Agent(name="Helper", model=chat.model)
    tool = helper.as_tool("helper", None, on_stream=stuck, on_stream_max_pending_events=1)
    chat.server.enqueue(
        chat.call("helper", {"input": "go"}), chat.say("a long answer"), chat.say("gave up")
    )
    outer = Agent(name="Outer", model=chat.model, tools=[tool])
    result = await Runner.run(outer, "ask", run_config=CONFIG)
    assert result.final_output == "gave up"
    output = next(i for i in result.new_items if isinstance(i, ToolCallOutputItem)).output
    assert "on_stream_max_pending_events=1" in output


def test_as_tool_rejects_bad_stream_options() -> None:
    helper = Agent(name="Helper")
    with pytest.raises(UserError, match="on_stream must be a callable"):
        helper.as_tool("h", None, None, True, CONFIG)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="positive integer"):
        helper.as_tool("h", None, on_stream=print, on_stream_max_pending_events=0)
    with pytest.raises(TypeError, match="dataclass or Pydantic"):
        helper.as_tool("h", None, parameters=dict)


async def test_the_nested_result_knows_its_invocation(chat: Route) -> None:
    invocations: list[AgentToolInvocation | None] = []

    async def extract(result: RunResult) -> str:
        invocations.append(result.agent_tool_invocation)
        return f"extracted: {result.final_output}"

    helper = Agent(name="Helper", model=chat.model)
    tool = helper.as_tool("helper", None, custom_output_extractor=extract)
    chat.server.enqueue(chat.call("helper", {"input": "hi"}), chat.say("hello"), chat.say("ok"))
    outer = Agent(name="Outer", model=chat.model, tools=[tool])
    result = await Runner.run(outer, "go", run_config=CONFIG)
    call = next(i for i in result.new_items if isinstance(i, ToolCallItem)).raw_item
    assert invocations == [
        AgentToolInvocation(
            tool_name="helper", tool_call_id=call.call_id, tool_arguments=call.arguments
        )
    ]
    assert "extracted: hello" in json.dumps(chat.requests()[-1])
    assert result.agent_tool_invocation is None  # a run started by Runner


class Trip(BaseModel):
    city: str = Field(description="Where to go")
    days: int = Field(description="How long")


async def test_structured_parameters_reach_the_nested_agent(chat: Route) -> None:
    helper = Agent(name="Planner", model=chat.model)
    tool = helper.as_tool("plan", "Plans a trip.", parameters=Trip)
    assert tool.params_json_schema["required"] == ["city", "days"]
    chat.server.enqueue(
        chat.call("plan", {"city": "Oslo", "days": 3}), chat.say("planned"), chat.say("done")
    )
    outer = Agent(name="Outer", model=chat.model, tools=[tool])
    await Runner.run(outer, "go", run_config=CONFIG)
    sent = user_text(chat.requests()[-2])
    assert sent.startswith(STRUCTURED_INPUT_PREAMBLE)
    assert '"city": "Oslo"' in sent and "- days (integer, required) - How long" in sent


async def test_input_builder_and_the_whole_schema(chat: Route) -> None:
    def builder(options: StructuredToolInputBuilderOptions) -> str:
        return f"Plan {options['params']['days']} days in {options['params']['city']}"

    helper = Agent(name="Planner", model=chat.model)
    built = helper.as_tool("plan", None, parameters=Trip, input_builder=builder)
    chat.server.enqueue(
        chat.call("plan", {"city": "Rome", "days": 2}), chat.say("x"), chat.say("y")
    )
    await Runner.run(Agent(name="O", model=chat.model, tools=[built]), "go", run_config=CONFIG)
    assert user_text(chat.requests()[-2]) == "Plan 2 days in Rome"
    info = build_structured_input_schema_info(built.params_json_schema, include_json_schema=True)
    text = await resolve_agent_tool_input(params={"city": "Rome", "days": 2}, schema_info=info)
    assert isinstance(text, str) and "## Input JSON Schema:" in text
    assert await resolve_agent_tool_input(params={"input": "plain"}) == "plain"
    assert await resolve_agent_tool_input(params={"a": 1}) == '{"a": 1}'


async def test_tool_items_record_their_origin(chat: Route) -> None:
    @function_tool
    def add(a: int, b: int) -> int:
        """Add."""
        return a + b

    helper = Agent(name="Helper", model=chat.model)
    chat.server.enqueue(
        chat.call("add", {"a": 1, "b": 2}),
        chat.call("helper_tool", {"input": "x"}),
        chat.say("inner"),
        chat.say("done"),
    )
    outer = Agent(name="Outer", model=chat.model, tools=[add, helper.as_tool("helper_tool", None)])
    result = await Runner.run(outer, "go", run_config=CONFIG)
    origins = [
        i.tool_origin for i in result.new_items if isinstance(i, ToolCallItem | ToolCallOutputItem)
    ]
    function = ToolOrigin(type=ToolOriginType.FUNCTION)
    agent = ToolOrigin(
        type=ToolOriginType.AGENT_AS_TOOL, agent_name="Helper", agent_tool_name="helper_tool"
    )
    assert origins == [function, function, agent, agent]
    state = await type(result.to_state()).from_string(outer, result.to_state().to_string())
    assert [i.tool_origin for i in state._generated_items if i.type == "tool_call_item"] == [
        function,
        agent,
    ]
    assert ToolOrigin.from_json_dict(agent.to_json_dict()) == agent
    assert agent.to_json_dict() == {
        "type": "agent_as_tool",
        "agent_name": "Helper",
        "agent_tool_name": "helper_tool",
    }
    assert ToolOrigin.from_json_dict({"type": "nope"}) is None
    assert ToolOrigin.from_json_dict("x") is None


async def test_custom_data_stays_with_the_output_item(chat: Route) -> None:
    seen: list[FunctionToolCustomDataContext] = []

    async def extract(data: FunctionToolCustomDataContext) -> dict[str, Any]:
        seen.append(data)
        return {"rows": data.output["rows"], "audit": "kept-out-of-the-prompt"}

    @function_tool(custom_data_extractor=extract)
    def query(sql: str) -> dict[str, Any]:
        """Runs a query."""
        return {"rows": 2}

    chat.server.enqueue(chat.call("query", {"sql": "select"}), chat.say("two rows"))
    agent = Agent(name="a", model=chat.model, tools=[query])
    result = await Runner.run(agent, "go", run_config=CONFIG)
    item = next(i for i in result.new_items if isinstance(i, ToolCallOutputItem))
    assert item.custom_data == {"rows": 2, "audit": "kept-out-of-the-prompt"}
    assert "kept-out-of-the-prompt" not in json.dumps(chat.requests()[-1])
    assert seen[0].tool is query and seen[0].tool_context.tool_name == "query"
    assert seen[0].raw_item["type"] == "function_call_output"

    def bad(data: FunctionToolCustomDataContext) -> Any:
        return {"when": object()}

    query.custom_data_extractor = bad
    chat.server.enqueue(chat.call("query", {"sql": "select"}))
    with pytest.raises(UserError, match="custom_data_extractor must return JSON data"):
        await Runner.run(Agent(name="a", model=chat.model, tools=[query]), "go", run_config=CONFIG)
