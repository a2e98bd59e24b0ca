"""Tool search (ToolSearchTool, its call and output items) and the hosted tool settings types
(WebSearchToolImageSettings, ImageGenerationToolConfig) on OpenAI's Responses API, and the
clear error on a route that cannot carry them."""

from __future__ import annotations

from typing import Any

import pytest

from agents import Agent
from agents import ImageGenerationTool
from agents import ImageGenerationToolConfig
from agents import ModelBehaviorError
from agents import RunConfig
from agents import Runner
from agents import ToolSearchCallItem
from agents import ToolSearchOutputItem
from agents import ToolSearchTool
from agents import UserError
from agents import WebSearchTool
from agents import WebSearchToolImageSettings
from agents import function_tool
from agents import tool_namespace
from agents.stream_events import RunItemStreamEvent
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall
from tests.compat.conftest import Route
from tests.compat.conftest import chat_route
from tests.compat.conftest import responses_route
from tests.compat.conftest import run

CONFIG = RunConfig(tracing_disabled=True)


@pytest.fixture
def responses(responses_server: ResponsesLoopback) -> Route:
    return responses_route(responses_server)


@function_tool
def lookup_customer(email: str) -> str:
    """Find a customer by email."""
    return f"customer {email}: gold"


@function_tool
def weather(city: str) -> str:
    """The weather."""
    return "sunny"


CRM = tool_namespace(name="crm", description="Customer records.", tools=[lookup_customer])

SEARCH_CALL = {
    "type": "tool_search_call",
    "id": "tsc_1",
    "call_id": "tsc_call_1",
    "execution": "server",
    "status": "completed",
    "arguments": {"query": "customer lookup"},
    "created_by": "resp_x",
}
SEARCH_OUTPUT = {
    "type": "tool_search_output",
    "id": "tso_1",
    "call_id": "tsc_call_1",
    "execution": "server",
    "status": "completed",
    "tools": [
        {
            "type": "function",
            "name": "lookup_customer",
            "parameters": {"type": "object", "properties": {"email": {"type": "string"}}},
            "strict": True,
        }
    ],
}


async def test_a_server_tool_search_then_the_found_tool(responses: Route, streamed: bool) -> None:
    responses.server.enqueue(
        ResponsesReply(
            output=[SEARCH_CALL, SEARCH_OUTPUT],
            tool_calls=[ToolCall("lookup_customer", {"email": "a@b.c"})],
        ),
        ResponsesReply(text="A gold customer."),
    )
    agent = Agent(name="Support", model=responses.model, tools=[ToolSearchTool(), *CRM, weather])
    events: list[Any] = []
    if streamed:
        streaming = Runner.run_streamed(agent, "who is a@b.c?", run_config=CONFIG)
        events = [event async for event in streaming.stream_events()]
        result: Any = streaming
    else:
        result = await Runner.run(agent, "who is a@b.c?", run_config=CONFIG)
    assert result.final_output == "A gold customer."
    first, second = responses.requests()[-2:]
    assert [t["type"] for t in first["tools"]] == ["tool_search", "namespace", "function"]
    namespace = first["tools"][1]
    assert (namespace["name"], namespace["description"]) == ("crm", "Customer records.")
    assert [t["name"] for t in namespace["tools"]] == ["lookup_customer"]
    kinds = [type(i).__name__ for i in result.new_items]
    assert kinds[:2] == ["ToolSearchCallItem", "ToolSearchOutputItem"]
    assert result.new_items[0].type == "tool_search_call_item"
    replayed = [i for i in second["input"] if i.get("type", "").startswith("tool_search")]
    assert [i["id"] for i in replayed] == ["tsc_1", "tso_1"]
    assert all("created_by" not in i for i in replayed)
    outputs = [i for i in second["input"] if i.get("type") == "function_call_output"]
    assert outputs[-1]["output"] == "customer a@b.c: gold"
    if streamed:
        names = [e.name for e in events if isinstance(e, RunItemStreamEvent)]
        assert names[:2] == ["tool_search_called", "tool_search_output_created"]


async def test_a_client_tool_search_is_the_callers(responses: Route) -> None:
    responses.server.enqueue(ResponsesReply(output=[{**SEARCH_CALL, "execution": "client"}]))
    agent = Agent(name="S", model=responses.model, tools=[ToolSearchTool(), *CRM])
    with pytest.raises(ModelBehaviorError, match="client-executed tool search"):
        await run(agent, "go", False, run_config=CONFIG)


async def test_tool_search_setups_that_cannot_work(responses: Route) -> None:
    other = tool_namespace(name="crm", description="Other words.", tools=[weather])
    setups: list[tuple[list[Any], str]] = [
        ([ToolSearchTool(), ToolSearchTool(), *CRM], "one ToolSearchTool"),
        ([ToolSearchTool(), weather], "nothing to search"),
        ([*CRM, *other], "different descriptions"),
    ]
    for tools, message in setups:
        agent = Agent(name="S", model=responses.model, tools=tools)
        with pytest.raises(UserError, match=message):
            await run(agent, "go", False, run_config=CONFIG)


async def test_tool_search_elsewhere_says_what_to_do(chat_server: LoopbackProvider) -> None:
    chat = chat_route(chat_server)
    agent = Agent(name="S", model=chat.model, tools=[ToolSearchTool(), *CRM])
    with pytest.raises(UserError, match="Remove it: here the model sees every tool at once"):
        await run(agent, "go", False, run_config=CONFIG)
    chat.server.enqueue(chat.call("lookup_customer", {"email": "x@y.z"}), chat.say("found"))
    plain = Agent(name="S", model=chat.model, tools=[*CRM])  # a namespace alone is fine here
    assert (await run(plain, "go", False, run_config=CONFIG)).final_output == "found"
    assert ToolSearchTool().name == "tool_search"
    assert isinstance(ToolSearchCallItem(agent=plain, raw_item=dict(SEARCH_CALL)), object)
    replay = ToolSearchOutputItem(agent=plain, raw_item=dict(SEARCH_OUTPUT)).to_input_item()
    assert replay["type"] == "tool_search_output"  # type: ignore[typeddict-item]


async def test_hosted_tool_settings_types_reach_the_api(responses: Route) -> None:
    images: WebSearchToolImageSettings = {"max_results": 3, "caption": True}
    config: ImageGenerationToolConfig = {
        "type": "image_generation",
        "model": "gpt-image-1",
        "quality": "xhigh",
        "output_format": "webp",
    }
    tools: list[Any] = [
        WebSearchTool(search_content_types=["text", "image"], image_settings=images),
        ImageGenerationTool(tool_config=config),
    ]
    responses.server.enqueue(ResponsesReply(text="ok"))
    await run(Agent(name="H", model=responses.model, tools=tools), "go", False, run_config=CONFIG)
    body = responses.requests()[-1]
    assert body["tools"][0]["search_content_types"] == ["text", "image"]
    assert body["tools"][0]["image_settings"] == {"max_results": 3, "caption": True}
    assert body["tools"][1] == config
    assert body["include"] == ["web_search_call.results"]
    with pytest.raises(UserError, match="'type': 'image_generation'"):
        ImageGenerationTool(tool_config={"quality": "high"})  # type: ignore[typeddict-item]
