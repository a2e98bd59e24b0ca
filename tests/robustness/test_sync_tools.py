"""Item 3: a blocking `def` tool runs in a worker thread, with context variables carried.

Run on the event loop it froze every other run of the process and kept `run_timeout` from
firing until it returned.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

import pytest

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents import RunTimeoutError
from agents import function_tool
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

from ..conftest import make_model

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="unset")


@function_tool
def slow_lookup(seconds: float) -> str:
    """Block like a synchronous HTTP call would."""
    time.sleep(seconds)
    return f"{REQUEST_ID.get()} on {threading.current_thread().name}"


@pytest.fixture
def server() -> LoopbackProvider:
    with LoopbackProvider("tools") as running:
        yield running  # type: ignore[misc]


async def test_blocking_tool_leaves_the_event_loop_free(server: LoopbackProvider) -> None:
    server.enqueue(Reply(tool_calls=[ToolCall("slow_lookup", {"seconds": 0.6})]), Reply(text="ok"))
    agent = Agent(name="a", model=make_model(server), tools=[slow_lookup])
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    REQUEST_ID.set("req-42")
    task = asyncio.create_task(ticker())
    try:
        result = await Runner.run(agent, "go", run_config=RunConfig(tracing_disabled=True))
    finally:
        task.cancel()
    assert result.final_output == "ok"
    output = next(i.output for i in result.new_items if i.type == "tool_call_output_item")
    assert output.startswith("req-42 on ")  # the context variable reached the thread
    assert threading.current_thread().name not in output  # not the event loop's thread
    assert ticks >= 10  # the loop kept running while the tool blocked for 0.6 s


async def test_run_timeout_fires_during_a_blocking_tool(server: LoopbackProvider) -> None:
    server.enqueue(Reply(tool_calls=[ToolCall("slow_lookup", {"seconds": 2})]), Reply(text="ok"))
    agent = Agent(name="a", model=make_model(server), tools=[slow_lookup])
    started = time.monotonic()
    with pytest.raises(RunTimeoutError):
        await Runner.run(agent, "go", run_config=RunConfig(run_timeout=0.3))
    assert time.monotonic() - started < 1.5
