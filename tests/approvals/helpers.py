"""Shared helpers of the approval tests: run either way, and read what reached the wire."""

from __future__ import annotations

from typing import Any

from agents import Agent
from agents import RunConfig
from agents import RunResult
from agents import RunResultStreaming
from agents import RunState
from tests.helpers.runs import run_to_end

CONFIG = RunConfig(tracing_disabled=True)


async def run(
    agent: Agent[Any], input: str | list[Any] | RunState[Any, Any], *, streamed: bool, **kw: Any
) -> RunResult | RunResultStreaming:
    """A run (or a resumption), plain or streamed, to its end or its next pause."""
    kw.setdefault("run_config", CONFIG)
    return await run_to_end(agent, input, streamed=streamed, **kw)


async def through_json(agent: Agent[Any], state: RunState[Any, Any]) -> RunState[Any, Any]:
    """The state as another process would see it: written to text and read back."""
    return await RunState.from_string(agent, state.to_string())


def tool_outputs(messages: list[dict[str, Any]]) -> dict[str, str]:
    """tool_call_id -> content of the Chat Completions tool messages of one request."""
    return {m["tool_call_id"]: m["content"] for m in messages if m.get("role") == "tool"}
