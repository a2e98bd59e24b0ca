"""Parameters the reference's signatures have that freeagents gained (see test_signatures.py),
checked for what they do on the wire and in the run's results, on loopback providers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI
from pydantic import BaseModel

from agents import Agent
from agents import AgentHookContext
from agents import AgentHooks
from agents import FeatureNotImplementedError
from agents import Handoff
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import RunContextWrapper
from agents import Runner
from agents import RunState
from agents import ShellTool
from agents import ToolCallItem
from agents import ToolSearchTool
from agents import ToolsToFinalOutputResult
from agents import UserError
from agents import function_tool
from agents import handoff
from agents.models.dialects.profiles import GROQ
from agents.models.dialects.profiles import OPENAI
from agents.models.dialects.profiles import ModelProfile
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from agents.testing.anthropic_server import AnthropicLoopback
from tests.compat.conftest import KEY
from tests.compat.conftest import Route
from tests.compat.conftest import chat_route
from tests.compat.conftest import litellm_route
from tests.compat.conftest import responses_route
from tests.helpers.runs import run_to_end

CONFIG = RunConfig(tracing_disabled=True)
CACHE = ModelSettings(
    prompt_cache_retention="24h",
    prompt_cache_options={"mode": "explicit", "ttl": "30m"},
    context_management=[{"type": "compaction", "compact_threshold": 200000}],
)


@pytest.fixture(scope="session")
def openai_chat_server() -> Iterator[LoopbackProvider]:
    """Chat Completions in OpenAI's own dialect, which takes the prompt-cache parameters."""
    with LoopbackProvider("openai", api_key=KEY) as server:
        yield server


async def test_cache_settings_are_sent_on_the_responses_api(
    responses_server: ResponsesLoopback, streamed: bool
) -> None:
    route = responses_route(responses_server)
    responses_server.enqueue(ResponsesReply(text="ok"))
    agent = Agent(name="a", model=route.model, model_settings=CACHE)
    await run_to_end(agent, "hi", streamed=streamed, run_config=CONFIG)
    body = responses_server.response_requests[-1]
    assert body["prompt_cache_retention"] == "24h"
    assert body["prompt_cache_options"] == {"mode": "explicit", "ttl": "30m"}
    assert body["context_management"] == [{"type": "compaction", "compact_threshold": 200000}]


def _chat_model(server: LoopbackProvider, profile: ModelProfile) -> OpenAIChatCompletionsModel:
    client = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
    return OpenAIChatCompletionsModel(model="m", openai_client=client, profile=profile)


async def test_cache_settings_on_chat_completions_follow_the_dialect(
    openai_chat_server: LoopbackProvider, chat_server: LoopbackProvider
) -> None:
    # OpenAI's Chat Completions takes both prompt-cache parameters, not context management.
    openai_chat_server.enqueue(Reply(text="ok"))
    agent = Agent(name="a", model=_chat_model(openai_chat_server, OPENAI), model_settings=CACHE)
    await run_to_end(agent, "hi", streamed=False, run_config=CONFIG)
    body = openai_chat_server.chat_requests[-1]
    assert body["prompt_cache_retention"] == "24h"
    assert body["prompt_cache_options"] == {"mode": "explicit", "ttl": "30m"}
    assert "context_management" not in body
    # Groq refuses OpenAI-only parameters: its dialect drops them.
    chat_server.enqueue(Reply(text="ok"))
    await run_to_end(
        agent.clone(model=_chat_model(chat_server, GROQ)), "hi", streamed=False, run_config=CONFIG
    )
    body = chat_server.chat_requests[-1]
    assert not {"prompt_cache_retention", "prompt_cache_options"} & set(body)


def test_cache_settings_are_checked_where_they_are_set() -> None:
    with pytest.raises(UserError, match="prompt_cache_retention"):
        ModelSettings(prompt_cache_retention="1h")  # type: ignore[arg-type]
    with pytest.raises(UserError, match="context_management"):
        ModelSettings(context_management=[{"compact_threshold": 5}])
    with pytest.raises(UserError, match="prompt_cache_options"):
        ModelSettings(prompt_cache_options="explicit")  # type: ignore[arg-type]
    # The run-level setting wins over the agent's, as every other setting does.
    merged = ModelSettings(prompt_cache_retention="in_memory").resolve(
        ModelSettings(prompt_cache_retention="24h", preserve_raw_usage=True)
    )
    assert merged.prompt_cache_retention == "24h" and merged.preserve_raw_usage is True


@function_tool
def lookup(city: str) -> str:
    """Look a city up."""
    return f"{city}: sunny"


async def test_request_usage_entries_has_one_entry_per_model_call(
    route: Route, streamed: bool
) -> None:
    route.server.enqueue(route.call("lookup", {"city": "Oslo"}), route.say("Sunny in Oslo."))
    agent = Agent(name="a", model=route.model, tools=[lookup])
    result = await run_to_end(agent, "weather?", streamed=streamed, run_config=CONFIG)
    usage = result.context_wrapper.usage
    entries = usage.request_usage_entries
    assert usage.requests == 2 and len(entries) == 2
    # Each entry is that call's own usage, as its model response reported it.
    for entry, response in zip(entries, result.raw_responses, strict=True):
        assert entry.input_tokens == response.usage.input_tokens > 0
        assert entry.output_tokens == response.usage.output_tokens > 0
        assert entry.total_tokens == response.usage.total_tokens
    assert sum(e.input_tokens for e in entries) == usage.input_tokens
    assert sum(e.output_tokens for e in entries) == usage.output_tokens
    assert entries[0].input_tokens < entries[1].input_tokens  # the second call carries more

    # A saved run keeps the entries, in the reference's JSON shape.
    state = result.to_state()
    data = state.to_json()
    assert data["context"]["usage"]["request_usage_entries"][1]["input_tokens"] == (
        entries[1].input_tokens
    )
    restored = await RunState.from_json(agent, data)
    assert restored._context is not None
    assert restored._context.usage.request_usage_entries == entries


CHAT_USAGE: dict[str, Any] = {
    "prompt_tokens": 12,
    "completion_tokens": 3,
    "total_tokens": 15,
    "prompt_tokens_details": {"cached_tokens": 8},
    "queue_time": 0.25,
}


async def test_raw_usage_is_the_providers_own_when_asked_for(
    openai_chat_server: LoopbackProvider, responses_server: ResponsesLoopback
) -> None:
    model = chat_route(openai_chat_server).model
    headers = {"x-request-id": "req_loopback_1"}
    openai_chat_server.enqueue(Reply(text="ok", usage=CHAT_USAGE, headers=headers))
    agent = Agent(name="a", model=model, model_settings=ModelSettings(preserve_raw_usage=True))
    result = await run_to_end(agent, "hi", streamed=False, run_config=CONFIG)
    response = result.raw_responses[-1]
    assert response.raw_usage == CHAT_USAGE  # unknown fields kept, missing ones not filled in
    assert response.usage.input_tokens_details.cached_tokens == 8
    assert response.request_id == "req_loopback_1"

    # A streamed answer too: the converter keeps the last chunk's usage as the provider
    # sent it (the answer's own usage is converted), as the reference's stream handler does.
    openai_chat_server.enqueue(Reply(text="ok", usage=CHAT_USAGE))
    result = await run_to_end(agent, "hi", streamed=True, run_config=CONFIG)
    streamed = result.raw_responses[-1]
    assert streamed.raw_usage == CHAT_USAGE
    assert streamed.usage.input_tokens_details.cached_tokens == 8

    # Without the setting, nothing is kept.
    openai_chat_server.enqueue(Reply(text="ok", usage=CHAT_USAGE))
    result = await run_to_end(agent.clone(model_settings=ModelSettings()), "hi", streamed=False)
    assert result.raw_responses[-1].raw_usage is None

    route = responses_route(responses_server)
    agent = agent.clone(model=route.model)
    for streamed in (False, True):
        responses_server.enqueue(ResponsesReply(text="ok"))
        result = await run_to_end(agent, "hi", streamed=streamed, run_config=CONFIG)
        raw = result.raw_responses[-1].raw_usage
        assert (
            raw is not None and raw["input_tokens"] == result.raw_responses[-1].usage.input_tokens
        )


class Forecast(BaseModel):
    city: str
    degrees: float


def _declaration(body: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in body["tools"] if t.get("name") == name)


async def test_function_tool_responses_settings_are_declared(
    responses_server: ResponsesLoopback, chat_server: LoopbackProvider
) -> None:
    @function_tool(defer_loading=True, allowed_callers=["direct", "programmatic"])
    def hidden(city: str) -> str:
        """A tool the model finds by searching."""
        return city

    @function_tool(output_type=Forecast)
    def forecast(city: str) -> Forecast:
        """Tomorrow's forecast."""
        return Forecast(city=city, degrees=20)

    shell = ShellTool(executor=lambda request: "done", allowed_callers=["direct"])
    route = responses_route(responses_server)
    responses_server.enqueue(ResponsesReply(text="ok"))
    agent = Agent(name="a", model=route.model, tools=[ToolSearchTool(), hidden, forecast, shell])
    await run_to_end(agent, "hi", streamed=False, run_config=CONFIG)
    body = responses_server.response_requests[-1]
    assert _declaration(body, "hidden")["defer_loading"] is True
    assert _declaration(body, "hidden")["allowed_callers"] == ["direct", "programmatic"]
    schema = _declaration(body, "forecast")["output_schema"]
    assert schema["properties"].keys() == {"city", "degrees"} and not schema["additionalProperties"]
    assert "defer_loading" not in _declaration(body, "forecast")
    assert next(t for t in body["tools"] if t["type"] == "shell")["allowed_callers"] == ["direct"]

    # Chat Completions has no tool search: the deferred tool is declared from the start.
    chat_server.enqueue(Reply(text="ok"))
    chat_agent = Agent(name="a", model=chat_route(chat_server).model, tools=[hidden])
    await run_to_end(chat_agent, "hi", streamed=False, run_config=CONFIG)
    names = [t["function"]["name"] for t in chat_server.chat_requests[-1]["tools"]]
    assert names == ["hidden"]

    # A deferred tool with nothing to load it would never be seen: refused before any request.
    before = len(responses_server.response_requests)
    with pytest.raises(UserError, match="ToolSearchTool"):
        await run_to_end(agent.clone(tools=[hidden]), "hi", streamed=False, run_config=CONFIG)
    assert len(responses_server.response_requests) == before


def test_function_tool_output_and_callers_are_checked() -> None:
    def plain(city: str) -> str:
        return city

    with pytest.raises(UserError, match="not both"):
        function_tool(plain, output_type=Forecast, output_json_schema={"type": "object"})
    with pytest.raises(UserError, match="JSON object"):
        function_tool(plain, output_type=int)
    with pytest.raises(UserError, match="allowed_callers"):
        function_tool(plain, allowed_callers=["model"])  # type: ignore[list-item]
    with pytest.raises(UserError, match="twice"):
        function_tool(plain, allowed_callers=["direct", "direct"])
    # Only programmatic callers need OpenAI's programmatic tool calling, not provided here.
    with pytest.raises(FeatureNotImplementedError, match="ProgrammaticToolCallingTool"):
        function_tool(plain, allowed_callers=["programmatic"])
    tool = function_tool(plain, output_json_schema={"type": "object", "properties": {}})
    assert tool.output_json_schema == {"type": "object", "properties": {}}


async def test_a_handoff_decides_its_own_history_nesting(
    chat_server: LoopbackProvider, streamed: bool
) -> None:
    model = chat_route(chat_server).model
    support = Agent(name="support", model=model)

    async def roles_after_handoff(to_support: Handoff[Any, Any], config: RunConfig) -> list[str]:
        triage = Agent(name="triage", model=model, handoffs=[to_support])
        chat_server.enqueue(
            Reply(tool_calls=[ToolCall("transfer_to_support", {})]), Reply(text="Support here.")
        )
        result = await run_to_end(
            triage, "Where is order 42?", streamed=streamed, run_config=config
        )
        assert result.final_output == "Support here."
        return [m["role"] for m in chat_server.chat_requests[-1]["messages"]]

    # Nested for this handoff though the run does not ask for it: one summary message.
    nested = await roles_after_handoff(handoff(support, nest_handoff_history=True), CONFIG)
    assert nested == ["assistant"]
    # And not nested for this one though the run asks for it: the transcript as it is.
    config = RunConfig(tracing_disabled=True, nest_handoff_history=True)
    kept = await roles_after_handoff(handoff(support, nest_handoff_history=False), config)
    assert kept == ["user", "assistant", "tool"]
    # None leaves it to the run, as before.
    assert await roles_after_handoff(handoff(support), config) == ["assistant"]
    # Positional arguments in the reference's order.
    assert handoff(support, "to_support", "Support desk").tool_name == "to_support"


class Trip(BaseModel):
    city: str
    days: int


async def test_an_agent_tools_run_sees_its_structured_input(
    chat_server: LoopbackProvider, streamed: bool
) -> None:
    route = chat_route(chat_server)
    seen: dict[str, Any] = {}

    class Watch(AgentHooks[Any]):
        async def on_start(self, context: AgentHookContext[Any], agent: Agent[Any]) -> None:
            seen.setdefault("hook", []).append(context.tool_input)

    @function_tool
    def book(ctx: RunContextWrapper[Any], hotel: str) -> str:
        """Book a hotel."""
        seen["tool"] = ctx.tool_input
        return "booked"

    planner = Agent(name="Planner", model=route.model, tools=[book], hooks=Watch())
    outer = Agent(
        name="Outer",
        model=route.model,
        tools=[planner.as_tool("plan", "Plans a trip.", parameters=Trip)],
        hooks=Watch(),
    )
    chat_server.enqueue(
        route.call("plan", {"city": "Oslo", "days": 3}),
        route.call("book", {"hotel": "Grand"}),
        route.say("planned"),
        route.say("done"),
    )
    result = await run_to_end(outer, "go", streamed=streamed, run_config=CONFIG)
    assert result.final_output == "done"
    # The outer run is no agent tool's; the nested one has the arguments the model gave.
    assert seen == {
        "hook": [None, {"city": "Oslo", "days": 3}],
        "tool": {"city": "Oslo", "days": 3},
    }
    assert result.context_wrapper.tool_input is None


async def test_an_agent_tools_structured_input_survives_a_saved_pause(
    chat_server: LoopbackProvider,
) -> None:
    """The nested run of an agent tool pauses on an approval; the state is written to JSON
    and read back: the resumed nested run still sees the tool's arguments."""
    route = chat_route(chat_server)
    seen: dict[str, Any] = {}

    @function_tool(needs_approval=True)
    def book(ctx: RunContextWrapper[Any], hotel: str) -> str:
        """Book a hotel."""
        seen["tool"] = ctx.tool_input
        return "booked"

    planner = Agent(name="Planner", model=route.model, tools=[book])
    outer = Agent(
        name="Outer",
        model=route.model,
        tools=[planner.as_tool("plan", "Plans a trip.", parameters=Trip)],
    )
    chat_server.enqueue(
        route.call("plan", {"city": "Oslo", "days": 3}), route.call("book", {"hotel": "Grand"})
    )
    paused = await Runner.run(outer, "go", run_config=CONFIG)
    assert [i.tool_name for i in paused.interruptions] == ["book"]
    written = paused.to_state().to_json()

    state = await RunState.from_json(outer, written)
    state.approve(state.get_interruptions()[0])
    chat_server.enqueue(route.say("planned"), route.say("done"))
    result = await Runner.run(outer, state, run_config=CONFIG)
    assert result.final_output == "done"
    assert seen == {"tool": {"city": "Oslo", "days": 3}}


async def test_call_items_and_results_carry_the_reference_fields(
    chat_server: LoopbackProvider,
) -> None:
    route = chat_route(chat_server)
    chat_server.enqueue(route.call("lookup", {"city": "Oslo"}), route.say("Sunny."))
    agent = Agent(name="a", model=route.model, tools=[lookup])
    result = await run_to_end(agent, "weather?", streamed=False, run_config=CONFIG, max_turns=4)
    assert result.max_turns == 4
    call = next(i for i in result.new_items if isinstance(i, ToolCallItem))
    assert call.description == "Look a city up." and call.title is None
    # A saved run keeps them.
    restored = await RunState.from_json(agent, result.to_state().to_json())
    kept = next(i for i in restored._generated_items if isinstance(i, ToolCallItem))
    assert kept.description == "Look a city up."


async def test_tool_results_carry_an_agent_tools_nested_run(chat_server: LoopbackProvider) -> None:
    route = chat_route(chat_server)
    seen: list[Any] = []

    def decide(context: RunContextWrapper[Any], results: list[Any]) -> ToolsToFinalOutputResult:
        seen.extend(results)
        return ToolsToFinalOutputResult(is_final_output=True, final_output="stop")

    helper = Agent(name="Helper", model=route.model)
    outer = Agent(
        name="Outer",
        model=route.model,
        tools=[helper.as_tool("ask", "Asks the helper."), lookup],
        tool_use_behavior=decide,
    )
    chat_server.enqueue(
        Reply(tool_calls=[ToolCall("ask", {"input": "hi"}), ToolCall("lookup", {"city": "Oslo"})]),
        route.say("helper says hi"),
    )
    result = await run_to_end(outer, "go", streamed=False, run_config=CONFIG)
    assert result.final_output == "stop"
    asked, looked = seen
    assert asked.agent_run_result.final_output == "helper says hi"
    assert asked.agent_run_result.last_agent is helper and asked.interruptions == []
    assert looked.agent_run_result is None and looked.interruptions == []


async def test_the_scripted_model_gives_its_request_id_and_raw_usage() -> None:
    from agents.testing.model import ModelStep
    from agents.testing.model import ScriptedModel
    from agents.testing.model import assistant_message

    raw = {"input_tokens": 3, "output_tokens": 1, "total_tokens": 4, "vendor": {"x": 1}}

    def step() -> ModelStep:
        return ModelStep(output=[assistant_message("ok")], request_id="req_9", raw_usage=raw)

    model = ScriptedModel([step(), step()])
    keep = ModelSettings(preserve_raw_usage=True)
    kept = await run_to_end(Agent(name="a", model=model, model_settings=keep), "hi", streamed=False)
    assert kept.raw_responses[-1].raw_usage == raw
    assert kept.raw_responses[-1].request_id == "req_9"
    plain = await run_to_end(Agent(name="a", model=model), "hi", streamed=False)
    assert plain.raw_responses[-1].raw_usage is None


async def test_a_streamed_result_has_its_trace_and_loop_task(chat_server: LoopbackProvider) -> None:
    route = chat_route(chat_server)
    chat_server.enqueue(route.say("ok"))
    config = RunConfig(workflow_name="traced", trace_id="trace_0123456789abcdef0123456789abcdef")
    result = Runner.run_streamed(Agent(name="a", model=route.model), "hi", run_config=config)
    assert result.run_loop_task is not None and not result.run_loop_task.done()
    _ = [event async for event in result.stream_events()]
    assert result.run_loop_task.done() and result.final_output == "ok"
    assert result.trace is not None and result.trace.trace_id == config.trace_id


async def test_an_approval_item_knows_where_its_tool_comes_from(
    chat_server: LoopbackProvider,
) -> None:
    route = chat_route(chat_server)

    @function_tool(needs_approval=True)
    def wire(amount: int) -> str:
        """Send money."""
        return "sent"

    helper = Agent(name="Helper", model=route.model, tools=[wire])
    chat_server.enqueue(route.call("wire", {"amount": 5}))
    result = await run_to_end(helper, "pay", streamed=False, run_config=CONFIG)
    (item,) = result.interruptions
    assert item.tool_origin is not None and item.tool_origin.type == "function"
    restored = await RunState.from_json(helper, result.to_state().to_json())
    (kept,) = restored.get_interruptions()
    assert kept.tool_origin == item.tool_origin


async def test_raw_usage_through_litellm_is_the_same_plain_or_streamed(
    anthropic_server: AnthropicLoopback, streamed: bool
) -> None:
    """Through LiteLLM the provider's usage is litellm's reading of it, kept as JSON data on
    both paths (streamed, the converter keeps the last chunk's)."""
    route = litellm_route(anthropic_server)
    agent = Agent(
        name="a", model=route.model, model_settings=ModelSettings(preserve_raw_usage=True)
    )
    anthropic_server.enqueue(route.say("ok"))
    result = await run_to_end(agent, "hi", streamed=streamed, run_config=CONFIG)
    response = result.raw_responses[-1]
    raw = response.raw_usage
    assert isinstance(raw, dict), raw
    assert raw["prompt_tokens"] == response.usage.input_tokens
    assert raw["completion_tokens"] == response.usage.output_tokens
