"""How a streamed run hands its events to `stream_events()`.

The run's task appends events to a deque; `stream_events()` hands out whatever is already
there one after another, with no await, and waits only when it is empty. A model's events
after a call's first are queued bare (no bookkeeping callback) and wrapped in a
`RawResponsesStreamEvent` on the way out. These tests make the model's events arrive in a
burst (a long answer, no delay), so a backlog builds up, and check that the order, the
types, the result's live fields, a cancel and an error behave as they did event by event.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from openai.types.responses import Response
from openai.types.responses import ResponseCompletedEvent
from openai.types.responses import ResponseCreatedEvent

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents import function_tool
from agents.models.interface import Model
from agents.stream_events import AgentUpdatedStreamEvent
from agents.stream_events import RawResponsesStreamEvent
from agents.stream_events import RunItemStreamEvent
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

from ..conftest import make_model

LONG = " ".join(f"word{n}" for n in range(400))
CONFIG = RunConfig(tracing_disabled=True)


@function_tool
def echo(text: str) -> str:
    """Say it back."""
    return text


def delta_text(events: list[Any]) -> str:
    return "".join(
        e.data.delta
        for e in events
        if isinstance(e, RawResponsesStreamEvent) and e.data.type == "response.output_text.delta"
    )


async def test_a_backlog_keeps_order_types_and_live_fields(server: LoopbackProvider) -> None:
    server.enqueue(Reply(tool_calls=[ToolCall("echo", {"text": "x"})]), Reply(text=LONG))
    agent = Agent(name="a", model=make_model(server), tools=[echo])
    result = Runner.run_streamed(agent, "hi", run_config=CONFIG)
    events: list[Any] = []
    backlog = 0
    turns: list[int] = []
    async for event in result.stream_events():
        backlog = max(backlog, len(result._events))
        if isinstance(event, RawResponsesStreamEvent):
            turns.append(result.current_turn)
            assert result.new_items is not None
        events.append(event)
    assert backlog > 1, "the answer must arrive in a burst for this test to mean anything"
    assert result.final_output == LONG
    assert delta_text(events) == LONG

    # Every model event is wrapped as the public dataclass, exactly.
    raw = [e for e in events if isinstance(e, RawResponsesStreamEvent)]
    assert all(type(e) is RawResponsesStreamEvent for e in raw)
    assert all(e.type == "raw_response_event" and "type" in vars(e) for e in raw)
    # The model's own order within each call: sequence numbers rise.
    calls: list[list[int]] = [[]]
    for e in raw:
        calls[-1].append(e.data.sequence_number)
        if e.data.type == "response.completed":
            calls.append([])
    assert len(calls) == 3 and calls[-1] == []
    for numbers in calls[:-1]:
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)

    # The run's events in their places: agent first, a call's items after its stream.
    kinds = [
        "agent"
        if isinstance(e, AgentUpdatedStreamEvent)
        else e.name
        if isinstance(e, RunItemStreamEvent)
        else "raw"
        for e in events
    ]
    collapsed = [k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]]
    assert collapsed == [
        "agent",
        "raw",
        "tool_called",
        "tool_output",
        "raw",
        "message_output_created",
    ]
    # The live fields were brought up to date before each call's first event.
    first_call = len(calls[0])
    assert set(turns[:first_call]) == {1} and set(turns[first_call:]) == {2}


async def test_cancel_in_a_backlog_drops_the_rest(server: LoopbackProvider) -> None:
    server.enqueue(Reply(text=LONG))
    result = Runner.run_streamed(Agent(name="a", model=make_model(server)), "hi", run_config=CONFIG)
    seen = 0
    queued_at_cancel = 0
    async for event in result.stream_events():
        seen += 1
        if isinstance(event, RawResponsesStreamEvent) and len(result._events) > 1:
            queued_at_cancel = len(result._events)
            result.cancel()
    assert queued_at_cancel > 1
    assert result.is_complete and result.final_output is None
    assert result._task is not None and result._task.done()
    # Nothing after the cancel, and nothing again.
    assert [e async for e in result.stream_events()] == []
    assert seen < 400


async def test_an_error_comes_after_the_events_before_it(server: LoopbackProvider) -> None:
    server.enqueue(Reply(text=LONG, hang_up_after=200))
    model = make_model(server, max_retries=0)
    result = Runner.run_streamed(Agent(name="a", model=model), "hi", run_config=CONFIG)
    events: list[Any] = []
    with pytest.raises(Exception) as raised:
        async for event in result.stream_events():
            events.append(event)
    assert not isinstance(raised.value, asyncio.CancelledError)
    text = delta_text(events)
    assert text and LONG.startswith(text) and text != LONG
    assert result.is_complete
    # The error stays: iterating again raises it again, with no events.
    again: list[Any] = []
    with pytest.raises(type(raised.value)):
        async for event in result.stream_events():
            again.append(event)
    assert again == []


def position(event: Any) -> tuple[int, int]:
    if isinstance(event, RawResponsesStreamEvent):
        return (1, event.data.sequence_number)
    return (0 if isinstance(event, AgentUpdatedStreamEvent) else 2, 0)


async def test_two_readers_at_once_share_the_events(server: LoopbackProvider) -> None:
    """Each waiting reader is woken (none is left waiting forever); every event goes to
    exactly one of them, in order."""
    server.enqueue(Reply(text=LONG, event_delay=0.0005))
    result = Runner.run_streamed(Agent(name="a", model=make_model(server)), "hi", run_config=CONFIG)

    async def read() -> list[Any]:
        return [e async for e in result.stream_events()]

    readers = [asyncio.ensure_future(read()), asyncio.ensure_future(read())]
    _, pending = await asyncio.wait(readers, timeout=10)
    assert not pending, "a reader was left waiting"
    first, second = (reader.result() for reader in readers)
    numbers = [
        e.data.sequence_number for e in first + second if isinstance(e, RawResponsesStreamEvent)
    ]
    assert len(numbers) == len(set(numbers))
    assert delta_text(sorted(first + second, key=position)) == LONG
    for events in (first, second):
        own = [e.data.sequence_number for e in events if isinstance(e, RawResponsesStreamEvent)]
        assert own == sorted(own)
    assert result.final_output == LONG


class _OddModel(Model):
    """A custom model whose stream yields, besides its answer, an object that is itself a
    stream event type: it must reach the reader wrapped, like any other model event."""

    def __init__(self, odd: Any, answer: Response) -> None:
        self.odd = odd
        self.answer = answer

    async def get_response(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    async def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        yield ResponseCreatedEvent(type="response.created", response=self.answer, sequence_number=0)
        for _ in range(3):
            yield self.odd
        yield ResponseCompletedEvent(
            type="response.completed", response=self.answer, sequence_number=1
        )


async def test_a_model_event_that_looks_like_a_run_event_is_still_wrapped() -> None:
    answer = Response.model_validate(
        {
            "id": "resp_1",
            "created_at": 0,
            "model": "m",
            "object": "response",
            "output": [
                {
                    "type": "message",
                    "id": "msg_1",
                    "role": "assistant",
                    "status": "completed",
                    "content": [{"type": "output_text", "text": "ok", "annotations": []}],
                }
            ],
            "tool_choice": "auto",
            "tools": [],
            "parallel_tool_calls": False,
        }
    )
    agent = Agent(name="a")
    odd = AgentUpdatedStreamEvent(new_agent=agent)
    config = RunConfig(model=_OddModel(odd, answer), tracing_disabled=True)
    result = Runner.run_streamed(agent, "hi", run_config=config)
    events = [e async for e in result.stream_events()]
    assert result.final_output == "ok"
    wrapped = [e for e in events if isinstance(e, RawResponsesStreamEvent) and e.data is odd]
    assert len(wrapped) == 3
    assert [e for e in events if e is odd] == []
