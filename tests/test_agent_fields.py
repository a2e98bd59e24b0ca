"""Agent fields that only some routes support: honoured there, a clear error elsewhere."""

from __future__ import annotations

from typing import Any

import pytest

from agents import Agent
from agents import Runner
from agents import UserError
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback

from .conftest import make_model
from .responses_helpers import responses_model
from .responses_helpers import run
from .responses_helpers import server  # noqa: F401


async def test_stored_prompt_reaches_the_responses_api(
    server: ResponsesLoopback,  # noqa: F811
    streamed: bool,
) -> None:
    prompt = {"id": "pmpt_123", "version": "2", "variables": {"city": "Paris"}}
    agent = Agent(name="p", prompt=prompt, model=responses_model(server))
    await run(agent, "hi", streamed=streamed)
    assert server.requests[-1].body is not None
    assert server.requests[-1].body["prompt"] == prompt


async def test_stored_prompt_on_chat_completions_fails_before_any_request(
    provider: LoopbackProvider,
) -> None:
    agent = Agent(name="p", prompt={"id": "pmpt_123"}, model=make_model(provider))
    with pytest.raises(UserError, match=r"Agent\.prompt") as info:
        await Runner.run(agent, "hi")
    assert provider.base_url in str(info.value)
    assert provider.requests == []


async def test_mcp_servers_must_be_mcp_servers(provider: LoopbackProvider) -> None:
    """MCP servers run (tests/mcp); anything else in mcp_servers is refused by name."""
    fake_server: Any = object()
    agent = Agent(name="m", mcp_servers=[fake_server], model=make_model(provider))
    with pytest.raises(UserError, match=r"mcp_servers holds a object, not an MCP server"):
        await Runner.run(agent, "hi")
    assert provider.requests == []
