"""Gemini (Chat Completions dialect: "" tool ids, thought signatures) paused and resumed
through JSON: the signature and Gemini's own "" id go back to the model that made them and
to no other; and a resumed run continues the paused run's trace."""

from __future__ import annotations

from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents import RunState
from agents import function_tool
from agents import set_trace_processors
from agents.testing import Reply
from agents.tracing import get_trace_processors
from tests.dialect_helpers import table_provider_on_loopback
from tests.fixtures.dialects import GEMINI_SIGNATURE
from tests.fixtures.dialects import GEMINI_TEXT_JSON
from tests.fixtures.dialects import GEMINI_TOOL_CALL_JSON
from tests.fixtures.dialects import json_reply
from tests.helpers.tracing import Collector

CITIES: list[str] = []


@function_tool(needs_approval=True)
def get_weather(city: str) -> str:
    """Get the current weather in a city."""
    CITIES.append(city)
    return f"sunny in {city}"


@pytest.mark.parametrize(
    ("model", "signed"), [("gemini-2.5-flash", True), ("gemini-2.5-pro", False)]
)
async def test_signature_returns_to_its_maker_after_a_pause(
    monkeypatch: pytest.MonkeyPatch, model: str, signed: bool
) -> None:
    CITIES.clear()
    with table_provider_on_loopback(monkeypatch, "gemini") as server:
        server.enqueue(json_reply(GEMINI_TOOL_CALL_JSON), json_reply(GEMINI_TEXT_JSON))
        agent = Agent(name="g", model="gemini/gemini-2.5-flash", tools=[get_weather])
        config = RunConfig(tracing_disabled=True)
        paused = await Runner.run(agent, "Weather in Paris?", run_config=config)
        [item] = paused.interruptions
        assert item.call_id and item.call_id.startswith("call_")  # a stable id, made here
        # Resumed by an agent of the same name, on the same or on another Gemini model.
        resumer = agent.clone(model=f"gemini/{model}")
        state = await RunState.from_string(resumer, paused.to_state().to_string())
        state.approve(state.get_interruptions()[0])
        done = await Runner.run(resumer, state, run_config=config)
        second = server.chat_requests[1]["messages"]
    assert done.final_output == "It is sunny in Paris." and CITIES == ["Paris"]
    assert len(server.chat_requests) == 2
    call = second[-2]["tool_calls"][0]
    assert call["id"] == "" and second[-1]["tool_call_id"] == ""  # Gemini's own form
    google: Any = call.get("extra_content", {}).get("google", {})
    assert (google.get("thought_signature") == GEMINI_SIGNATURE) is signed


async def test_resumed_run_continues_the_trace() -> None:
    from agents.testing import ScriptedModel
    from agents.testing import ToolCall

    previous = get_trace_processors()
    collector = Collector()
    set_trace_processors([collector])
    try:
        model = ScriptedModel([Reply(tool_calls=[ToolCall("get_weather", {"city": "Rome"})])])
        model.add(Reply(text="Sunny."))
        agent = Agent(name="w", model=model, tools=[get_weather])
        config = RunConfig(workflow_name="approvals", group_id="thread-1")
        paused = await Runner.run(agent, "Rome?", run_config=config)
        state = await RunState.from_string(agent, paused.to_state().to_string())
        state.approve(state.get_interruptions()[0])
        await Runner.run(agent, state, run_config=RunConfig())
    finally:
        set_trace_processors(list(previous))
    first, second = collector.traces()
    assert first.trace_id == second.trace_id
    assert (second.name, second.group_id) == ("approvals", "thread-1")
    assert [s.span_data.type for s in collector.ended("function")] == ["function"]
