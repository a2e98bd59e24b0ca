"""require_approval on a local MCP server: its tools' calls stop the run for a person's
decision (the run's approval gate), and resume through RunState like function tools."""

from __future__ import annotations

from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from agents import RunState
from agents import UserError
from agents.mcp.approval import approval_policy
from agents.mcp.approval import needs_approval_for
from tests.mcp.conftest import ChatRoute
from tests.mcp.conftest import HttpServer
from tests.mcp.conftest import make_server
from tests.mcp.conftest import run

CONFIG = RunConfig(tracing_disabled=True)


@pytest.mark.parametrize(
    "setting",
    ["always", {"always": {"tool_names": ["add"]}}, {"add": "always", "echo": "never"}],
)
async def test_mcp_call_waits_for_approval(
    chat: ChatRoute, http_server: HttpServer, setting: Any
) -> None:
    chat.call_then_say([("add", {"a": 2, "b": 3})], "It is 5.")
    async with make_server("http", None, http_server, require_approval=setting) as server:
        agent = Agent(name="m", model=chat.model(), mcp_servers=[server])
        paused = await run(agent, "2+3?", streamed=False, run_config=CONFIG)
        [item] = paused.interruptions
        assert item.name == "add" and len(chat.requests()) == 1
        state = await RunState.from_string(agent, paused.to_state().to_string())
        state.approve(state.get_interruptions()[0])
        done = await run(agent, state, streamed=True, run_config=CONFIG)
    assert done.final_output == "It is 5."
    assert len(chat.requests()) == 2
    assert chat.tool_results(chat.requests()[1]) == ["5"]


async def test_rejected_mcp_call_never_reaches_the_server(
    chat: ChatRoute, http_server: HttpServer
) -> None:
    chat.call_then_say([("echo", {"text": "secret"})], "Refused.")
    async with make_server("http", None, http_server, require_approval=True) as server:
        agent = Agent(name="m", model=chat.model(), mcp_servers=[server])
        paused = await run(agent, "Echo.", streamed=False, run_config=CONFIG)
        state = paused.to_state()
        state.reject(paused.interruptions[0], rejection_message="Not that one.")
        done = await run(agent, state, streamed=False, run_config=CONFIG)
    assert done.final_output == "Refused."
    assert chat.tool_results(chat.requests()[1]) == ["Not that one."]


async def test_policy_forms() -> None:
    tool = type("T", (), {"name": "add"})()
    assert needs_approval_for(approval_policy(None), tool, None) is False
    assert needs_approval_for(approval_policy("never"), tool, None) is False
    assert (
        needs_approval_for(approval_policy({"never": {"tool_names": ["add"]}}), tool, None) is False
    )
    asked: list[str] = []

    def policy(context: Any, agent: Any, t: Any) -> bool:
        asked.append(f"{agent.name}:{t.name}")
        return True

    decide = needs_approval_for(approval_policy(policy), tool, Agent(name="a"))
    assert callable(decide) and await decide(None, {}, "c1") is True and asked == ["a:add"]
    assert needs_approval_for(approval_policy(policy), tool, None) is True
    with pytest.raises(UserError, match="both always and never"):
        approval_policy({"always": {"tool_names": ["x"]}, "never": {"tool_names": ["x"]}})
