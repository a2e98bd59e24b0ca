"""Streamed runs: Responses-API events in order, tools executed, usage as reported."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai.types.responses import ResponseCompletedEvent
from openai.types.responses import ResponseTextDeltaEvent

from agents import Agent
from agents import AgentUpdatedStreamEvent
from agents import OpenAIChatCompletionsModel
from agents import RawResponsesStreamEvent
from agents import RunItemStreamEvent
from agents import Runner
from agents import function_tool
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape

from .conftest import make_model
from .fixtures.dialects import chat_usage

calls: list[str] = []


@function_tool
def lookup(city: str) -> str:
    """Look up the weather of a city."""
    calls.append(city)
    return f"sunny in {city}"


async def collect(result: Any) -> list[Any]:
    return [event async for event in result.stream_events()]


async def test_text_deltas_arrive_in_order_and_join_to_final_output(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    text = "The quick brown fox jumps over the lazy dog."
    provider.enqueue(Reply(text=text))
    result = Runner.run_streamed(Agent(name="s", model=model), "go")
    events = await collect(result)
    deltas = [
        e.data
        for e in events
        if isinstance(e, RawResponsesStreamEvent) and isinstance(e.data, ResponseTextDeltaEvent)
    ]
    assert len(deltas) > 5
    assert "".join(d.delta for d in deltas) == text == result.final_output
    assert [d.sequence_number for d in deltas] == sorted(d.sequence_number for d in deltas)
    assert isinstance(events[0], AgentUpdatedStreamEvent)
    item_events = [e for e in events if isinstance(e, RunItemStreamEvent)]
    assert [e.name for e in item_events] == ["message_output_created"]
    assert result.is_complete
    assert provider.chat_requests[0]["stream"] is True


async def test_streamed_tool_call_runs_the_tool(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    calls.clear()
    provider.enqueue(
        Reply(tool_calls=[ToolCall("lookup", {"city": "Lisbon"}, id="call_x")]),
        Reply(text="It is sunny."),
    )
    result = Runner.run_streamed(Agent(name="s", tools=[lookup], model=model), "weather?")
    events = await collect(result)
    assert calls == ["Lisbon"]
    assert result.final_output == "It is sunny."
    names = [e.name for e in events if isinstance(e, RunItemStreamEvent)]
    assert names == ["tool_called", "tool_output", "message_output_created"]
    second = provider.chat_requests[1]["messages"]
    assert second[-1] == {"role": "tool", "tool_call_id": "call_x", "content": "sunny in Lisbon"}
    assert second[-2]["tool_calls"][0]["function"] == {
        "name": "lookup",
        "arguments": json.dumps({"city": "Lisbon"}, separators=(",", ":")),
    }


USAGE = chat_usage(120, 30, cached=100, reasoning=12)


@pytest.mark.parametrize("stream_usage", ["stream_options", "always"])
async def test_usage_equals_what_the_provider_reported(stream_usage: str, streamed: bool) -> None:
    with LoopbackProvider("p", wire=WireShape(stream_usage=stream_usage)) as server:  # type: ignore[arg-type]
        server.enqueue(Reply(text="hello", usage=USAGE))
        agent = Agent(name="u", model=make_model(server))
        if streamed:
            result: Any = Runner.run_streamed(agent, "hi")
            await collect(result)
        else:
            result = await Runner.run(agent, "hi")
    usage = result.context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens, usage.total_tokens) == (
        1,
        120,
        30,
        150,
    )
    assert usage.input_tokens_details.cached_tokens == 100
    assert usage.output_tokens_details.reasoning_tokens == 12


async def test_stream_asks_for_usage_by_itself(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    await collect(Runner.run_streamed(Agent(name="s", model=model), "hi"))
    assert provider.chat_requests[0]["stream_options"] == {"include_usage": True}


async def test_completed_event_carries_usage(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    provider.enqueue(Reply(text="x", usage=USAGE))
    events = await collect(Runner.run_streamed(Agent(name="s", model=model), "hi"))
    completed = [
        e.data
        for e in events
        if isinstance(e, RawResponsesStreamEvent) and isinstance(e.data, ResponseCompletedEvent)
    ]
    assert len(completed) == 1
    assert completed[0].response.usage is not None
    assert completed[0].response.usage.total_tokens == 150


async def test_stream_error_is_raised_after_the_events(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    from agents import ProviderServerError

    provider.enqueue(Reply(status=500))
    model._client = model._client.with_options(max_retries=0)
    result = Runner.run_streamed(Agent(name="s", model=model), "hi")
    with pytest.raises(ProviderServerError, match="HTTP 500"):
        await collect(result)
    assert result.is_complete


async def test_cancel_stops_the_stream(
    provider: LoopbackProvider, model: OpenAIChatCompletionsModel
) -> None:
    provider.enqueue(Reply(text="a long answer " * 50))
    result = Runner.run_streamed(Agent(name="s", model=model), "hi")
    seen = 0
    async for event in result.stream_events():
        if isinstance(event, RawResponsesStreamEvent):
            seen += 1
            if seen == 3:
                result.cancel()
    assert result.is_complete
    assert result._task is not None and result._task.done()
