"""An agent using an MCP server it starts as a subprocess (stdio), with the tool list cached."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from agents import Agent
from agents import Runner
from agents.mcp import MCPServerStdio

SERVER = Path(__file__).resolve().parent.parent / "tools_server.py"


async def main() -> None:
    async with MCPServerStdio(
        name="Tools over stdio",
        params={"command": sys.executable, "args": [str(SERVER), "stdio"]},
        cache_tools_list=True,
    ) as server:
        tools = await server.list_tools()
        print("Tools:", ", ".join(tool.name for tool in tools))
        agent = Agent(
            name="Assistant",
            instructions="Use the tools to answer the questions.",
            mcp_servers=[server],
        )
        result = await Runner.run(agent, "What's the weather in Lisbon?")
        print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
