"""A run plain or streamed, so each behaviour is checked on both paths."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from openai.types.responses import ResponseTextDeltaEvent

from agents import Agent
from agents import Runner
from agents import RunResult
from agents import RunResultStreaming
from agents.stream_events import StreamEvent


async def run_either_way(
    agent: Agent[Any], input: Any, *, streamed: bool, **kwargs: Any
) -> tuple[RunResult | RunResultStreaming, list[StreamEvent]]:
    """The run's result, and every event when streamed (consumed to the end; [] when not)."""
    if not streamed:
        return await Runner.run(agent, input, **kwargs), []
    result = Runner.run_streamed(agent, input, **kwargs)
    events = [event async for event in result.stream_events()]
    return result, events


async def run_to_end(
    agent: Agent[Any], input: Any, *, streamed: bool, **kwargs: Any
) -> RunResult | RunResultStreaming:
    """The run's result, plain or streamed (its events consumed to the end, or the pause)."""
    result, _ = await run_either_way(agent, input, streamed=streamed, **kwargs)
    return result


async def run_bounded(
    agent: Agent[Any], input: Any, *, streamed: bool, seconds: float = 10, **kwargs: Any
) -> RunResult | RunResultStreaming:
    """`run_to_end` within `seconds`: a fault must fail the test, never hang it."""
    return await asyncio.wait_for(run_to_end(agent, input, streamed=streamed, **kwargs), seconds)


def text_deltas(events: Iterable[StreamEvent]) -> list[str]:
    """The text deltas the raw model events carried, in order."""
    return [
        event.data.delta
        for event in events
        if event.type == "raw_response_event" and isinstance(event.data, ResponseTextDeltaEvent)
    ]
