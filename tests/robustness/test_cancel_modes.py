"""Item 14: `RunResultStreaming.cancel(mode=...)` as the reference has it.

"immediate" (the default) stops the events at once and closes the model's HTTP stream;
"after_turn" lets the current turn finish (its tools, its events, its session write) and
stops before the next model call. Iterating `stream_events()` again afterwards yields nothing.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents import SQLiteSession
from agents import UserError
from agents import function_tool
from agents.result import RunResultStreaming
from agents.run_context import RunContextWrapper
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

from ..conftest import make_model

LONG = " ".join(f"word{n}" for n in range(300))
CONFIG = RunConfig(tracing_disabled=True)


async def closed(provider: LoopbackProvider) -> bool:
    deadline = time.monotonic() + 3
    while provider.open_connections and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    return provider.open_connections == 0


def is_delta(event: Any) -> bool:
    return event.type == "raw_response_event" and event.data.type.endswith("text.delta")


async def test_immediate_cancel_stops_events_at_once(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text=LONG, event_delay=0.005))
    session = SQLiteSession("cancel-now")
    agent = Agent(name="a", model=make_model(provider))
    result = Runner.run_streamed(agent, "hi", run_config=CONFIG, session=session)
    after_cancel = 0
    cancelled = False
    async for event in result.stream_events():
        if cancelled:
            after_cancel += 1
        elif is_delta(event) and len(result.raw_responses) == 0:
            # Let a backlog build up: events already queued must be dropped too.
            await asyncio.sleep(0.05)
            assert provider.open_connections == 1
            result.cancel()
            cancelled = True
    assert cancelled and after_cancel == 0
    assert result.is_complete and result.final_output is None
    assert await closed(provider)
    # Again: nothing, and no error.
    assert [e async for e in result.stream_events()] == []
    # Nothing of the cancelled run is half-saved.
    assert await session.get_items() == []


async def test_after_turn_finishes_the_turn_and_saves_it(provider: LoopbackProvider) -> None:
    calls: list[str] = []

    @function_tool
    def lookup(city: str) -> str:
        """Look a city up."""
        calls.append(city)
        return f"{city}: sunny"

    provider.enqueue(Reply(tool_calls=[ToolCall("lookup", {"city": "Paris"}, id="call_1")]))
    session = SQLiteSession("cancel-after-turn")
    agent = Agent(name="a", model=make_model(provider), tools=[lookup])
    result = Runner.run_streamed(agent, "weather?", run_config=CONFIG, session=session)
    names: list[str] = []
    async for event in result.stream_events():
        if event.type == "raw_response_event" and not names:
            result.cancel(mode="after_turn")
            names.append("cancelled")
        if event.type == "run_item_stream_event":
            names.append(event.name)
    # The turn finished: its tool ran and both its items were streamed; no second call.
    assert names == ["cancelled", "tool_called", "tool_output"]
    assert calls == ["Paris"]
    assert len(provider.requests) == 1
    assert result.is_complete and result.final_output is None
    saved = await session.get_items()
    assert [i.get("type", i.get("role")) for i in saved] == [
        "user",
        "function_call",
        "function_call_output",
    ]
    assert saved[-1]["output"] == "Paris: sunny"  # type: ignore[typeddict-item]
    assert [e async for e in result.stream_events()] == []
    # The session goes on from there: the next run sees the finished turn.
    provider.requests.clear()
    provider.enqueue(Reply(text="It is sunny in Paris."))
    again = await Runner.run(agent, "and so?", run_config=CONFIG, session=session)
    assert again.final_output == "It is sunny in Paris."
    body = provider.requests[0].body
    assert body is not None
    sent = body["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "tool", "user"]


async def test_after_turn_on_the_last_turn_keeps_the_answer(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="done"))
    result = Runner.run_streamed(Agent(name="a", model=make_model(provider)), "hi")
    async for _ in result.stream_events():
        result.cancel(mode="after_turn")
    assert result.final_output == "done"


async def test_second_iteration_of_a_finished_run_is_empty(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="ok"))
    result = Runner.run_streamed(Agent(name="a", model=make_model(provider)), "hi")
    assert [e async for e in result.stream_events()]
    assert [e async for e in result.stream_events()] == []
    assert result.final_output == "ok"


def test_cancel_mode_is_checked() -> None:
    streamed = RunResultStreaming(
        input="hi",
        new_items=[],
        raw_responses=[],
        final_output=None,
        input_guardrail_results=[],
        output_guardrail_results=[],
        context_wrapper=RunContextWrapper(context=None),
    )
    with pytest.raises(UserError, match="'immediate' or 'after_turn'"):
        streamed.cancel(mode="later")  # type: ignore[arg-type]
