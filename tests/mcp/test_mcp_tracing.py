"""MCP tool calls in traces: the function span names the server (`mcp_data`), as the
reference's does, and a server name made from a URL loses its credentials and query."""

from __future__ import annotations

from typing import Any

from agents import Agent
from agents import RunConfig
from agents.mcp import MCPServerStreamableHttp
from agents.mcp.util import _server_trace_name
from agents.tracing import Span
from agents.tracing import Trace
from agents.tracing import TracingProcessor
from agents.tracing import get_trace_processors
from agents.tracing import set_trace_processors
from tests.mcp.conftest import ChatRoute
from tests.mcp.conftest import HttpServer
from tests.mcp.conftest import run


class Spans(TracingProcessor):
    def __init__(self) -> None:
        self.ended: list[Span[Any]] = []

    def on_trace_start(self, trace: Trace) -> None:
        return None

    def on_trace_end(self, trace: Trace) -> None:
        return None

    def on_span_start(self, span: Span[Any]) -> None:
        return None

    def on_span_end(self, span: Span[Any]) -> None:
        self.ended.append(span)

    def shutdown(self) -> None:
        return None

    def force_flush(self) -> None:
        return None


async def test_mcp_tool_call_span_names_the_server(
    chat: ChatRoute, http_server: HttpServer
) -> None:
    chat.call_then_say([("add", {"a": 2, "b": 40})], "It is 42.")
    previous, spans = get_trace_processors(), Spans()
    set_trace_processors([spans])
    # A URL-derived name, with a token in its query and credentials in its authority.
    url = http_server.url.replace("http://", "http://user:secret@") + "?token=hidden"
    try:
        async with MCPServerStreamableHttp(
            {"url": http_server.url}, name=f"streamable_http: {url}"
        ) as server:
            agent = Agent(name="calc", model=chat.model(), mcp_servers=[server])
            result = await run(agent, "2 + 40?", streamed=False, run_config=RunConfig())
    finally:
        set_trace_processors(list(previous))
    assert result.final_output == "It is 42."
    [call] = [s for s in spans.ended if s.span_data.type == "function"]
    expected = f"streamable_http: {http_server.url}"
    assert call.span_data.mcp_data == {"server": expected}
    exported = call.export()
    assert exported is not None and exported["span_data"]["mcp_data"] == {"server": expected}
    listings = [s for s in spans.ended if s.span_data.type == "mcp_tools"]
    assert listings and {s.span_data.server for s in listings} == {expected}  # one a turn
    assert "secret" not in str([s.export() for s in spans.ended])
    assert "hidden" not in str([s.export() for s in spans.ended])


def test_server_trace_names() -> None:
    assert _server_trace_name("sse: https://u:p@h.example:8443/sse?k=v#f") == (
        "sse: https://h.example:8443/sse"
    )
    assert _server_trace_name("my server") == "my server"
    assert _server_trace_name("stdio: npx tool") == "stdio: npx tool"
    assert _server_trace_name("sse: http://[::1]:9/x") == "sse: http://[::1]:9/x"
    assert _server_trace_name("sse: http:///nohost") == "sse: <invalid-url>"
