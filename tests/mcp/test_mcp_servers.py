"""The server objects themselves: filters, caching, hooks, timeouts, failures, prompts."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from agents import RunContextWrapper
from agents import UserError
from agents.exceptions import AgentsException
from agents.mcp import MCPServerSse
from agents.mcp import MCPServerStdio
from agents.mcp import MCPServerStreamableHttp
from agents.mcp import MCPToolCustomDataContext
from agents.mcp import MCPToolMetaContext
from agents.mcp import MCPUtil
from agents.mcp import ToolFilterContext
from agents.mcp import create_static_tool_filter
from tests.mcp.conftest import ChatRoute
from tests.mcp.conftest import HttpServer
from tests.mcp.conftest import make_server
from tests.mcp.conftest import run
from tests.mcp.conftest import stdio_params

CONFIG = RunConfig(tracing_disabled=True)


async def listings(server: Any) -> int:
    result = await server.call_tool("list_tools_count", {})
    return int(result.content[0].text)


@pytest.mark.parametrize("cache", [False, True])
async def test_cache_tools_list_fetches_once(
    chat: ChatRoute, http_server: HttpServer, cache: bool
) -> None:
    """Three model calls: three listings without the cache, one with it."""
    chat.call_then_say([("echo", {"text": "a"})], "unused")
    chat.server._replies.pop()  # keep only the tool call; two more turns follow
    chat.call_then_say([("echo", {"text": "b"})], "Done.")
    async with make_server("http", None, http_server, cache_tools_list=cache) as server:
        await server.list_tools()  # the client learns the tools (mcp relists unknown ones)
        server.invalidate_tools_cache()
        before = await listings(server)
        agent = Agent(name="c", model=chat.model(), mcp_servers=[server])
        result = await run(agent, "Go.", streamed=False, run_config=CONFIG)
        after = await listings(server)
        assert server.cached_tools is not None
    assert result.final_output == "Done."
    assert len(chat.requests()) == 3
    assert after - before == (1 if cache else 3)


async def test_invalidate_tools_cache(http_server: HttpServer) -> None:
    async with make_server("http", None, http_server, cache_tools_list=True) as server:
        await server.list_tools()
        before = await listings(server)
        await server.list_tools()
        assert await listings(server) == before
        server.invalidate_tools_cache()
        await server.list_tools()
        assert await listings(server) == before + 1


async def test_static_filter(chat: ChatRoute, http_server: HttpServer) -> None:
    only = create_static_tool_filter(allowed_tool_names=["add", "echo", "slow"])
    assert create_static_tool_filter() is None
    chat.say("ok")
    async with make_server("http", None, http_server, tool_filter=only) as server:
        blocked = {"blocked_tool_names": ["slow"], "allowed_tool_names": ["add", "echo", "slow"]}
        server.tool_filter = blocked
        agent = Agent(name="f", model=chat.model(), mcp_servers=[server])
        await run(agent, "Hi", streamed=False, run_config=CONFIG)
    assert sorted(chat.tool_names(chat.requests()[0])) == ["add", "echo"]


async def test_callable_filter_sees_agent_and_server(
    chat: ChatRoute, http_server: HttpServer
) -> None:
    seen: list[tuple[str, str]] = []

    async def only_for_math(context: ToolFilterContext, tool: Any) -> bool:
        seen.append((context.agent.name, context.server_name))
        assert isinstance(context.run_context, RunContextWrapper)
        return context.agent.name == "math" and tool.name == "add"

    chat.say("ok")
    chat.say("ok")
    async with make_server(
        "http", None, http_server, tool_filter=only_for_math, name="tools"
    ) as server:
        for name in ("math", "other"):
            agent = Agent(name=name, model=chat.model(), mcp_servers=[server])
            await run(agent, "Hi", streamed=False, run_config=CONFIG)
    first, second = chat.requests()
    assert chat.tool_names(first) == ["add"]
    assert "tools" not in second
    assert ("math", "tools") in seen and ("other", "tools") in seen


async def test_timeout_is_a_tool_error_the_model_sees(
    chat: ChatRoute, http_server: HttpServer
) -> None:
    chat.call_then_say([("slow", {"seconds": 5})], "Too slow.")
    started = time.monotonic()
    async with make_server("http", None, http_server, client_session_timeout_seconds=0.5) as server:
        agent = Agent(name="s", model=chat.model(), mcp_servers=[server])
        result = await run(agent, "Go.", streamed=False, run_config=CONFIG)
    assert time.monotonic() - started < 4
    assert result.final_output == "Too slow."
    sent = chat.tool_results(chat.requests()[1])[0]
    assert "An error occurred while running the tool" in sent
    assert "imed out" in sent


async def test_server_killed_mid_run(chat: ChatRoute, streamed: bool) -> None:
    """The stdio server dies during a call: the model hears of it, the next turn's listing
    fails with a UserError naming the server, and nothing hangs."""
    chat.call_then_say([("crash", {})], "unused")
    started = time.monotonic()
    server = MCPServerStdio(stdio_params(), name="fragile")
    await server.connect()
    try:
        agent = Agent(name="k", model=chat.model(), mcp_servers=[server])
        with pytest.raises(UserError, match=r"fragile.*connection lost"):
            await run(agent, "Go.", streamed=streamed, run_config=CONFIG)
    finally:
        await server.cleanup()
    assert time.monotonic() - started < 10
    assert len(chat.requests()) == 1  # the listing for the second turn failed first


async def test_dead_server_is_a_tool_error_when_tools_are_cached(chat: ChatRoute) -> None:
    chat.call_then_say([("crash", {})], "unused")
    chat.server._replies.pop()
    chat.call_then_say([("echo", {"text": "x"})], "Recovered.")
    async with MCPServerStdio(stdio_params(), cache_tools_list=True) as server:
        agent = Agent(name="k", model=chat.model(), mcp_servers=[server])
        result = await run(agent, "Go.", streamed=False, run_config=CONFIG)
    assert result.final_output == "Recovered."
    crashed, lost = (chat.tool_results(r)[-1] for r in chat.requests()[1:3])
    assert "fragile" not in crashed and "connection lost" in crashed
    assert "connection lost" in lost


async def test_http_server_that_stops_answering(chat: ChatRoute) -> None:
    """A streamable-HTTP server that is stopped mid-session: calls fail within the timeout."""
    from tests.mcp.conftest import start_http_server
    from tests.mcp.conftest import stop

    own = start_http_server("http")
    server = MCPServerStreamableHttp(
        {"url": own.url, "timeout": 1}, client_session_timeout_seconds=2
    )
    await server.connect()
    try:
        own.process.kill()
        own.process.wait()
        started = time.monotonic()
        with pytest.raises(UserError, match="connection lost"):
            await server.call_tool("echo", {"text": "x"})
        assert time.monotonic() - started < 5
    finally:
        await server.cleanup()
        stop(own)


async def test_failure_error_function_none_raises(chat: ChatRoute, http_server: HttpServer) -> None:
    chat.call_then_say([("slow", {"seconds": 3})], "unused")
    async with make_server("http", None, http_server, client_session_timeout_seconds=0.3) as server:
        agent = Agent(
            name="r",
            model=chat.model(),
            mcp_servers=[server],
            mcp_config={"failure_error_function": None},
        )
        with pytest.raises(Exception, match="imed out"):
            await run(agent, "Go.", streamed=False, run_config=CONFIG)


async def test_custom_failure_function_and_server_override(
    chat: ChatRoute, http_server: HttpServer
) -> None:
    chat.call_then_say([("add", {"a": 1})], "Fixed.")
    async with make_server(
        "http",
        None,
        http_server,
        failure_error_function=lambda ctx, err: f"server says: {err}",
    ) as server:
        agent = Agent(
            name="m",
            model=chat.model(),
            mcp_servers=[server],
            mcp_config={"failure_error_function": lambda ctx, err: "agent says no"},
        )
        await run(agent, "Go.", streamed=False, run_config=CONFIG)
    sent = chat.tool_results(chat.requests()[1])[0]
    assert "server says" in sent and "missing required parameters: b" in sent


async def test_meta_resolver_and_custom_data(http_server: HttpServer) -> None:
    metas: list[MCPToolMetaContext] = []
    extracted: list[MCPToolCustomDataContext] = []

    def resolve(context: MCPToolMetaContext) -> dict[str, Any]:
        metas.append(context)
        return {"request_id": "r-1"}

    async def extract(context: MCPToolCustomDataContext) -> dict[str, Any]:
        extracted.append(context)
        return {"seen": context.tool_output}

    async with make_server(
        "http", None, http_server, tool_meta_resolver=resolve, custom_data_extractor=extract
    ) as server:
        agent = Agent(name="h")
        context = RunContextWrapper(context=None)
        tools = await MCPUtil.get_function_tools(server, False, context, agent)
        weather = next(t for t in tools if t.name == "weather")
        from agents.tool_context import ToolContext

        tool_context = ToolContext.from_agent_context(context, "call_1", "weather")
        output = await weather.on_invoke_tool(tool_context, json.dumps({"city": "Oslo"}))
    assert metas[0].tool_name == "weather" and metas[0].arguments == {"city": "Oslo"}
    assert extracted[0].structured_content is not None
    assert extracted[0].structured_content["city"] == "Oslo"
    assert extracted[0].is_error is False
    assert tool_context._custom_data == {"seen": output}  # type: ignore[attr-defined]


async def test_strict_schemas_and_prefixed_names(http_server: HttpServer) -> None:
    async with (
        make_server("http", None, http_server, name="one") as one,
        make_server("http", None, http_server, name="two") as two,
    ):
        agent = Agent(name="p", mcp_servers=[one, two])
        context = RunContextWrapper(context=None)
        with pytest.raises(UserError, match=r"Duplicate tool names.*include_server_in_tool_names"):
            await agent.get_all_tools(context)
        agent.mcp_config = {"include_server_in_tool_names": True, "convert_schemas_to_strict": True}
        tools = await agent.get_all_tools(context)
    names = {t.name for t in tools}
    assert {"mcp_one__add", "mcp_two__add"} <= names
    add = next(t for t in tools if t.name == "mcp_one__add")
    assert add.strict_json_schema is True  # type: ignore[union-attr]
    assert add.params_json_schema["additionalProperties"] is False  # type: ignore[union-attr]


async def test_prompts_and_resources(http_server: HttpServer) -> None:
    async with make_server("http", None, http_server) as server:
        prompts = await server.list_prompts()
        assert [p.name for p in prompts.prompts] == ["review"]
        prompt = await server.get_prompt("review", {"code": "x = 1", "style": "strict"})
        assert prompt.messages[0].content.text == "Review this code (strict): x = 1"
        resources = await server.list_resources()
        assert [str(r.uri) for r in resources.resources] == ["data://greeting"]
        templates = await server.list_resource_templates()
        assert templates.resource_templates[0].uri_template == "data://item/{item_id}"
        read = await server.read_resource("data://item/9")
        assert read.contents[0].text == "item 9"


async def test_misuse_gives_typed_errors(http_server: HttpServer) -> None:
    server = make_server("http", None, http_server)
    with pytest.raises(UserError, match=r"not connected.*connect"):
        await server.list_tools()
    with pytest.raises(UserError, match="command"):
        MCPServerStdio({})  # type: ignore[typeddict-item]
    with pytest.raises(UserError, match="url"):
        MCPServerStreamableHttp({})  # type: ignore[typeddict-item]
    with pytest.raises(UserError, match="client_session_timeout_seconds"):
        make_server("http", None, http_server, client_session_timeout_seconds=-1)
    with pytest.raises(UserError, match="require_approval"):
        make_server("http", None, http_server, require_approval="sometimes")
    with pytest.raises(UserError, match="run_context and agent"):
        async with make_server("http", None, http_server, tool_filter=lambda c, t: True) as s:
            await s.list_tools()


async def test_connect_failure_is_raised_not_hung() -> None:
    server = MCPServerStdio({"command": sys.executable, "args": ["-c", "import sys; sys.exit(1)"]})
    started = time.monotonic()
    with pytest.raises(UserError, match="Could not connect to MCP server"):
        await server.connect()
    assert time.monotonic() - started < 10
    await server.cleanup()


@pytest.mark.parametrize("transport", ["sse", "http"])
async def test_server_that_never_answers(transport: str) -> None:
    """A port that accepts connections and says nothing: connect fails within its timeouts."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    port = listener.getsockname()[1]
    cls: Any = MCPServerSse if transport == "sse" else MCPServerStreamableHttp
    path = "/sse" if transport == "sse" else "/mcp"
    server = cls(
        {"url": f"http://127.0.0.1:{port}{path}", "timeout": 1, "sse_read_timeout": 1},
        client_session_timeout_seconds=1,
    )
    started = time.monotonic()
    try:
        with pytest.raises(UserError, match=r"Could not connect.*Timeout"):
            await server.connect()
    finally:
        await server.cleanup()
        listener.close()
        for conn in held:
            conn.close()
    assert time.monotonic() - started < 10


async def test_retries(http_server: HttpServer) -> None:
    async with make_server(
        "http",
        None,
        http_server,
        client_session_timeout_seconds=0.2,
        max_retry_attempts=2,
        retry_backoff_seconds_base=0.01,
    ) as server:
        started = time.monotonic()
        with pytest.raises(AgentsException.__mro__[1]):
            await server.call_tool("slow", {"seconds": 1})
        # Three attempts of 0.2 s each, not one.
        assert time.monotonic() - started >= 0.6


async def test_custom_data_lands_on_the_output_item(
    chat: ChatRoute, http_server: HttpServer
) -> None:
    from agents import ToolCallOutputItem

    chat.call_then_say([("add", {"a": 2, "b": 3})], "5.")
    async with make_server(
        "http",
        None,
        http_server,
        custom_data_extractor=lambda ctx: {"structured": dict(ctx.structured_content or {})},
    ) as server:
        agent = Agent(name="d", model=chat.model(), mcp_servers=[server])
        result = await run(agent, "Go.", streamed=False, run_config=CONFIG)
    outputs = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert outputs[0].custom_data == {"structured": {"result": 5}}
    assert "structured" not in json.dumps(result.to_input_list())


async def test_message_handler_reaches_the_client(http_server: HttpServer) -> None:
    async def handler(message: Any) -> None:
        return None

    async with make_server("http", None, http_server, message_handler=handler) as server:
        assert server.message_handler is handler
        assert server._runner.client.message_handler is handler


async def test_a_custom_server_subclass(chat: ChatRoute) -> None:
    """A user's own MCPServer (no transport at all) works through the same path."""
    from mcp.types import CallToolResult
    from mcp.types import GetPromptResult
    from mcp.types import ListPromptsResult
    from mcp.types import TextContent
    from mcp.types import Tool as MCPTool

    from agents.mcp import MCPServer

    class InMemory(MCPServer):
        def __init__(self) -> None:  # deliberately not calling super().__init__
            self.calls: list[dict[str, Any] | None] = []

        @property
        def name(self) -> str:
            return "in-memory"

        async def connect(self) -> None: ...

        async def cleanup(self) -> None: ...

        async def list_tools(self, run_context: Any = None, agent: Any = None) -> list[MCPTool]:
            schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
            return [MCPTool(name="double", description="Twice n.", input_schema=schema)]

        async def call_tool(
            self, tool_name: str, arguments: dict[str, Any] | None, meta: Any = None
        ) -> CallToolResult:
            self.calls.append(arguments)
            n = int((arguments or {}).get("n", 0))
            return CallToolResult(content=[TextContent(type="text", text=str(2 * n))])

        async def list_prompts(self) -> ListPromptsResult:
            return ListPromptsResult(prompts=[])

        async def get_prompt(self, name: str, arguments: Any = None) -> GetPromptResult:
            raise NotImplementedError

    server = InMemory()
    chat.call_then_say([("double", {"n": 21})], "42.")
    agent = Agent(name="c", model=chat.model(), mcp_servers=[server])
    result = await run(agent, "Double 21.", streamed=False, run_config=CONFIG)
    assert result.final_output == "42."
    assert server.calls == [{"n": 21}]
    assert chat.tool_results(chat.requests()[1]) == ["42"]


async def test_tools_listing_is_an_mcp_tools_span(http_server: HttpServer) -> None:
    """Each listing is an `mcp_tools` span (MCPListToolsSpanData) naming the server and tools."""
    from agents.tracing import MCPListToolsSpanData
    from agents.tracing import get_trace_processors
    from agents.tracing import set_trace_processors
    from agents.tracing import trace
    from tests.helpers.tracing import Collector

    previous = get_trace_processors()
    collector = Collector()
    set_trace_processors([collector])
    try:
        async with make_server("http", None, http_server, name="traced") as server:
            with trace("listing"):
                await MCPUtil.get_function_tools(
                    server, False, RunContextWrapper(context=None), Agent(name="t")
                )
    finally:
        set_trace_processors(list(previous))
    [span] = collector.ended("mcp_tools")
    assert isinstance(span.span_data, MCPListToolsSpanData)
    assert span.span_data.server == "traced"
    assert {"add", "echo", "picture"} <= set(span.span_data.result or [])
    assert span.export()["span_data"]["server"] == "traced"
