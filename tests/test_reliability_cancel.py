"""Run timeouts and cancellation: the HTTP stream is closed, and no task is left running."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents import RunTimeoutError
from agents import UserError
from agents import function_tool
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

from .conftest import make_model

LONG = " ".join(f"word{n}" for n in range(400))


def pending_tasks() -> list[asyncio.Task[Any]]:
    current = asyncio.current_task()
    return [t for t in asyncio.all_tasks() if t is not current and not t.done()]


async def wait_until(check: Any, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.02)
    return bool(check())


async def test_run_timeout_cancels_a_slow_request(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="too late", delay=5.0))
    config = RunConfig(tracing_disabled=True, run_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(RunTimeoutError) as info:
        await Runner.run(Agent(name="slow", model=make_model(provider)), "hi", run_config=config)
    assert time.monotonic() - started < 2
    err = info.value
    assert isinstance(err, TimeoutError)  # `except TimeoutError` catches it too
    assert "run_timeout=0.3s" in str(err) and "'slow'" in str(err)
    assert err.run_data is not None and err.run_data.last_agent.name == "slow"
    assert err.run_data.to_input_list() == [{"content": "hi", "role": "user"}]
    assert pending_tasks() == []


async def test_run_timeout_of_a_streamed_run_closes_the_stream(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text=LONG, event_delay=0.02))
    config = RunConfig(tracing_disabled=True, run_timeout=0.3)
    result = Runner.run_streamed(
        Agent(name="s", model=make_model(provider)), "hi", run_config=config
    )
    deltas = 0
    with pytest.raises(RunTimeoutError):
        async for event in result.stream_events():
            if event.type == "raw_response_event" and event.data.type.endswith("text.delta"):
                deltas += 1
    assert deltas > 0
    assert result.is_complete
    assert await wait_until(lambda: provider.open_connections == 0)
    assert pending_tasks() == []


async def test_cancel_closes_the_http_stream(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text=LONG, event_delay=0.02))
    result = Runner.run_streamed(
        Agent(name="s", model=make_model(provider)),
        "hi",
        run_config=RunConfig(tracing_disabled=True),
    )
    seen = 0
    async for event in result.stream_events():
        if event.type == "raw_response_event" and event.data.type.endswith("text.delta"):
            seen += 1
            if seen == 3:
                assert provider.open_connections == 1
                result.cancel()
    assert seen < 50  # the stream stopped long before its end
    assert result.is_complete and result._task is not None and result._task.done()
    assert await wait_until(lambda: provider.open_connections == 0)  # the server saw it close
    assert pending_tasks() == []
    assert result.to_input_list() == [{"content": "hi", "role": "user"}]


async def test_task_cancel_closes_the_http_stream(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text=LONG, event_delay=0.02))
    started = asyncio.Event()

    async def consume() -> None:
        result = Runner.run_streamed(
            Agent(name="s", model=make_model(provider)),
            "hi",
            run_config=RunConfig(tracing_disabled=True),
        )
        async for event in result.stream_events():
            if event.type == "raw_response_event" and event.data.type.endswith("text.delta"):
                started.set()

    task = asyncio.ensure_future(consume())
    await asyncio.wait_for(started.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await wait_until(lambda: provider.open_connections == 0)
    assert await wait_until(lambda: pending_tasks() == [])


async def test_task_cancel_of_a_plain_run(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="never", delay=5.0))
    task = asyncio.ensure_future(
        Runner.run(
            Agent(name="s", model=make_model(provider)),
            "hi",
            run_config=RunConfig(tracing_disabled=True, run_timeout=30),
        )
    )
    assert await wait_until(lambda: len(provider.chat_requests) == 1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert pending_tasks() == []


async def test_a_failing_tool_stops_its_siblings(provider: LoopbackProvider) -> None:
    finished: list[str] = []

    @function_tool(failure_error_function=None)
    async def slow() -> str:
        await asyncio.sleep(5)
        finished.append("slow")
        return "slow done"

    @function_tool(failure_error_function=None)
    async def broken() -> str:
        raise RuntimeError("tool broke")

    provider.enqueue(Reply(tool_calls=[ToolCall("slow"), ToolCall("broken")]))
    agent = Agent(name="t", model=make_model(provider), tools=[slow, broken])
    with pytest.raises(RuntimeError, match="tool broke"):
        await Runner.run(agent, "go", run_config=RunConfig(tracing_disabled=True))
    assert pending_tasks() == []
    assert finished == []


def test_run_timeout_must_be_positive() -> None:
    with pytest.raises(UserError, match="run_timeout"):
        RunConfig(run_timeout=0)
    with pytest.raises(UserError, match="run_timeout"):
        RunConfig(run_timeout="5")  # type: ignore[arg-type]
