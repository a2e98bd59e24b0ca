"""The MCP server the examples start: a few tools, a prompt and a resource.

`python tools_server.py stdio` speaks over stdin/stdout; `sse PORT` and `http PORT` listen
on 127.0.0.1.
"""

from __future__ import annotations

import random
import sys

from mcp.server.mcpserver import MCPServer

server = MCPServer("example-tools")


@server.tool()
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@server.tool()
def get_weather(city: str) -> str:
    """Get the current weather in a city."""
    return f"The weather in {city} is sunny, 22 degrees."


@server.tool()
def get_secret_word() -> str:
    """The secret word of the day."""
    return random.choice(["apple", "banana", "cherry"])


@server.prompt()
def code_reviewer(focus: str = "general", language: str = "python") -> str:
    """Instructions for a code-review agent."""
    return (
        f"You are a careful {language} code reviewer. Focus on {focus}. "
        "Point out problems and suggest fixes."
    )


@server.resource("docs://readme", mime_type="text/markdown")
def readme() -> str:
    """The project's readme."""
    return "# Example project\nA tiny project used by the MCP examples."


def serve(mcp_server: MCPServer, args: list[str]) -> None:
    """Run `mcp_server` on the transport the command line names: `stdio` (the default),
    `sse PORT` or `http PORT` (both on 127.0.0.1)."""
    transport = args[0] if args else "stdio"
    if transport == "stdio":
        mcp_server.run("stdio")
    elif transport == "sse":
        mcp_server.run("sse", host="127.0.0.1", port=int(args[1]))
    else:
        mcp_server.run("streamable-http", host="127.0.0.1", port=int(args[1]))


if __name__ == "__main__":
    serve(server, sys.argv[1:])
