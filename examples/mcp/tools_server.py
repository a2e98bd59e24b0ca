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


if __name__ == "__main__":
    transport = sys.argv[1] if len(sys.argv) > 1 else "stdio"
    if transport == "stdio":
        server.run("stdio")
    elif transport == "sse":
        server.run("sse", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
