"""Agents calling real MCP servers on three provider routes, streamed and not."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from tests.mcp.conftest import HttpServer
from tests.mcp.conftest import Route
from tests.mcp.conftest import make_server
from tests.mcp.conftest import run
from tests.mcp.mcp_test_server import PNG

CONFIG = RunConfig(tracing_disabled=True)


async def test_mcp_tools_on_every_route(
    route: Route, http_server: HttpServer, streamed: bool
) -> None:
    """The tools are offered with their schemas; a call's result goes back to the model."""
    route.call_then_say([("add", {"a": 2, "b": 40})], "It is 42.")
    async with make_server("http", None, http_server) as server:
        agent = Agent(name="calc", model=route.model(), mcp_servers=[server])
        result = await run(agent, "2 + 40?", streamed=streamed, run_config=CONFIG)
    assert result.final_output == "It is 42."
    first, second = route.requests()
    assert {"add", "echo", "picture", "weather", "fail", "slow"} <= set(route.tool_names(first))
    assert route.tool_results(second) == ["42"]


async def test_image_result_reaches_each_provider(route: Route, http_server: HttpServer) -> None:
    """An image result arrives as an image the provider accepts, bytes intact."""
    route.call_then_say([("picture", {})], "A dot.")
    async with make_server("http", None, http_server) as server:
        agent = Agent(name="viewer", model=route.model(), mcp_servers=[server])
        result = await run(agent, "Show me.", streamed=False, run_config=CONFIG)
    assert result.final_output == "A dot."
    second = route.requests()[1]
    sent = route.images(second)
    assert len(sent) == 1
    assert base64.b64decode(sent[0].rsplit(",", 1)[-1]) == PNG


async def test_embedded_resource_and_several_blocks(route: Route, http_server: HttpServer) -> None:
    """An embedded resource reaches the model as its JSON; two calls' results in order."""
    route.call_then_say([("document", {}), ("echo", {"text": "x"})], "Read it.")
    async with make_server("http", None, http_server) as server:
        agent = Agent(name="r", model=route.model(), mcp_servers=[server])
        await run(agent, "Read.", streamed=True, run_config=CONFIG)
    document, echoed = route.tool_results(route.requests()[1])
    block = json.loads(document)
    assert block["type"] == "resource"
    assert block["resource"] == {"uri": "data://doc", "mimeType": "text/plain", "text": "inside"}
    assert echoed == "echo: x"


@pytest.mark.parametrize("structured", [False, True])
async def test_structured_content(chat: Route, http_server: HttpServer, structured: bool) -> None:
    chat.call_then_say([("weather", {"city": "Paris"})], "Sunny.")
    async with make_server("http", None, http_server, use_structured_content=structured) as server:
        agent = Agent(name="w", model=chat.model(), mcp_servers=[server])
        await run(agent, "Weather?", streamed=False, run_config=CONFIG)
    sent = json.loads(chat.tool_results(chat.requests()[1])[0])
    assert sent == {"city": "Paris", "temperature_c": 21.5, "conditions": "sunny"}
    raw = chat.tool_results(chat.requests()[1])[0]
    # Content blocks are pretty-printed JSON text; structured content is compact JSON.
    assert ("\n" in raw) is (not structured)


@pytest.mark.parametrize("transport", ["stdio", "sse", "http"])
async def test_every_transport(
    chat: Route, transport: str, sse_server: HttpServer, http_server: HttpServer
) -> None:
    chat.call_then_say([("echo", {"text": "hi"}), ("add", {"a": 1, "b": 1})], "Done.")
    async with make_server(transport, sse_server, http_server) as server:
        agent = Agent(name="t", model=chat.model(), mcp_servers=[server])
        result = await run(agent, "Go.", streamed=transport == "sse", run_config=CONFIG)
    assert result.final_output == "Done."
    assert chat.tool_results(chat.requests()[1]) == ["echo: hi", "2"]


async def test_error_result_is_seen_by_the_model(route: Route, http_server: HttpServer) -> None:
    route.call_then_say([("fail", {"reason": "disk full"})], "Sorry.")
    async with make_server("http", None, http_server) as server:
        agent = Agent(name="f", model=route.model(), mcp_servers=[server])
        result = await run(agent, "Try.", streamed=False, run_config=CONFIG)
    assert result.final_output == "Sorry."
    assert "failed on purpose: disk full" in route.tool_results(route.requests()[1])[0]


async def test_names_providers_reject_are_made_safe(chat: Route, http_server: HttpServer) -> None:
    chat.call_then_say([("text_upper", {"text": "shout"})], "Done.")
    async with make_server("http", None, http_server) as server:
        agent = Agent(name="n", model=chat.model(), mcp_servers=[server])
        await run(agent, "Go.", streamed=False, run_config=CONFIG)
    first, second = chat.requests()
    assert "text_upper" in chat.tool_names(first)
    assert "text.upper" not in chat.tool_names(first)
    assert chat.tool_results(second) == ["SHOUT"]


async def test_schemas_follow_the_dialect(http_server: HttpServer) -> None:
    """Gemini's schema subset applies to MCP tools as to function tools."""
    from agents.testing import LoopbackProvider
    from agents.testing import Reply
    from agents.testing import WireShape
    from tests.mcp.conftest import KEY
    from tests.mcp.conftest import ChatRoute

    with LoopbackProvider("gemini", api_key=KEY, wire=WireShape.preset("gemini")) as gemini:
        route = ChatRoute(gemini)
        from openai import AsyncOpenAI

        from agents import OpenAIChatCompletionsModel
        from agents.models.providers.catalogue import profile_for

        client = AsyncOpenAI(api_key=KEY, base_url=gemini.base_url)
        model = OpenAIChatCompletionsModel(
            model="gemini-2.5-flash",
            openai_client=client,
            profile=profile_for("gemini", "gemini-2.5-flash"),
        )
        gemini.enqueue(Reply(text="ok"))
        async with make_server("http", None, http_server) as server:
            agent = Agent(name="g", model=model, mcp_servers=[server])
            await run(agent, "Hi", streamed=False, run_config=CONFIG)
        tools = route.requests()[0]["tools"]
    weather = next(t for t in tools if t["function"]["name"] == "weather")
    text = json.dumps(weather["function"]["parameters"])
    assert "additionalProperties" not in text
    assert "title" not in text


def _tool_names(agent_tools: list[Any]) -> set[str]:
    return {t.name for t in agent_tools}
