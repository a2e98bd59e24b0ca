"""The MCP server the tests talk to, written with the `mcp` package's own server API.

Run as `python mcp_test_server.py stdio`, `... sse PORT` or `... http PORT` (the command
line of examples/mcp/tools_server.py, served by its `serve`). It offers the examples' `add`
and tools of every result kind (text, image, structured content, an error, a slow one, one
that crashes the process), a prompt, a resource and a resource template, and counts the
tools listings it answers so tests can check caching (tool `list_tools_count`).
"""

from __future__ import annotations

import base64
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.utilities.types import Image
from mcp.types import EmbeddedResource
from mcp.types import TextResourceContents
from mcp.types import Tool
from pydantic import BaseModel


def _load_example() -> ModuleType:
    """examples/mcp/tools_server.py, the server the examples and the docs start (loaded by
    path: the examples are programs, not a package)."""
    path = Path(__file__).resolve().parents[2] / "examples" / "mcp" / "tools_server.py"
    spec = importlib.util.spec_from_file_location("examples_mcp_tools_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


example = _load_example()

# A 1x1 PNG, small enough to check byte for byte on the provider side.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class CountingServer(MCPServer):
    """Counts tools listings, the request `cache_tools_list` is meant to save."""

    listings = 0

    async def list_tools(self) -> list[Tool]:
        CountingServer.listings += 1
        return await super().list_tools()


class Weather(BaseModel):
    city: str
    temperature_c: float
    conditions: str


server = CountingServer("freeagents-test")
server.tool()(example.add)  # the examples' own `add`: the tests and the docs call the same tool


@server.tool()
def echo(text: str) -> str:
    """Say the text back."""
    return f"echo: {text}"


@server.tool(name="text.upper")
def upper(text: str) -> str:
    """Upper-case the text (its name has a dot, which providers reject)."""
    return text.upper()


@server.tool()
def picture() -> Image:
    """A tiny PNG image."""
    return Image(data=PNG, format="png")


@server.tool()
def document() -> list[EmbeddedResource]:
    """An embedded text resource."""
    contents = TextResourceContents(uri="data://doc", mime_type="text/plain", text="inside")
    return [EmbeddedResource(type="resource", resource=contents)]


@server.tool()
def weather(city: str) -> Weather:
    """The weather in a city, as structured content."""
    return Weather(city=city, temperature_c=21.5, conditions="sunny")


@server.tool()
def fail(reason: str) -> str:
    """Always fails, with the reason given."""
    raise ToolError(f"failed on purpose: {reason}")


@server.tool()
async def slow(seconds: float) -> str:
    """Answers after the given number of seconds."""
    await anyio.sleep(seconds)
    return f"slept {seconds}"


@server.tool()
def crash() -> str:
    """Ends the server process at once, mid-call."""
    os._exit(3)


@server.tool()
def list_tools_count() -> int:
    """How many tools listings this server has answered."""
    return CountingServer.listings


@server.prompt()
def review(code: str, style: str = "brief") -> str:
    """Ask for a code review."""
    return f"Review this code ({style}): {code}"


@server.resource("data://greeting", mime_type="text/plain")
def greeting() -> str:
    """A greeting."""
    return "hello from the resource"


@server.resource("data://item/{item_id}")
def item(item_id: str) -> str:
    """One item by id."""
    return f"item {item_id}"


if __name__ == "__main__":
    example.serve(server, sys.argv[1:])
