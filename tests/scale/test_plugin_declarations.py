"""What Temporal's OpenAI Agents plug-in needs from the SDK beyond running agents, checked
without Temporal: its activity input is a pydantic model over the SDK's tool classes, and it
imports names freeagents declares without implementing (hosted shell containers, sandbox
classes), which must refuse clearly when used; tool search runs on the Responses API only."""

from __future__ import annotations

import asyncio

import pytest
from openai import AsyncOpenAI
from pydantic import TypeAdapter

from agents import Agent
from agents import CodeInterpreterTool
from agents import FileSearchTool
from agents import ImageGenerationTool
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner
from agents import WebSearchTool
from agents.exceptions import FeatureNotImplementedError
from agents.exceptions import UserError
from agents.testing import LoopbackProvider
from agents.tool import ShellToolContainerAutoEnvironment
from agents.tool import ShellToolEnvironment
from agents.tool import ToolSearchTool

KEY = "sk-declared-0123456789"


def test_hosted_tools_round_trip_through_pydantic() -> None:
    """The plug-in sends tools to its model activity as JSON; an unresolvable annotation
    here made every model activity fail to decode and retry forever (the old hang)."""
    tools = [
        FileSearchTool(vector_store_ids=["vs_1"], max_num_results=3),
        WebSearchTool(search_context_size="low"),
        CodeInterpreterTool(tool_config={"type": "code_interpreter", "container": "auto"}),
        ImageGenerationTool(tool_config={"type": "image_generation", "quality": "low"}),
    ]
    for tool in tools:
        adapter = TypeAdapter(type(tool))
        assert adapter.validate_json(adapter.dump_json(tool)) == tool


def test_declared_tool_names_import_and_tool_search_is_refused_on_chat_before_any_request() -> None:
    environment: ShellToolEnvironment = ShellToolContainerAutoEnvironment(type="container_auto")
    assert environment["type"] == "container_auto"
    with LoopbackProvider("chat", api_key=KEY) as chat:
        model = OpenAIChatCompletionsModel(
            model="m", openai_client=AsyncOpenAI(api_key=KEY, base_url=chat.base_url)
        )
        agent = Agent(name="a", model=model, tools=[ToolSearchTool()])
        with pytest.raises(UserError, match="ToolSearchTool"):
            asyncio.run(Runner.run(agent, "hi"))
        assert chat.requests == []


def test_a_sandbox_in_run_config_is_refused() -> None:
    with pytest.raises(FeatureNotImplementedError, match=r"RunConfig\(sandbox=\.\.\.\)"):
        RunConfig(sandbox=object())
    assert RunConfig().sandbox is None
