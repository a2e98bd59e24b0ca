"""Several MCP servers through MCPServerManager: the one that is down is left out."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from agents import Agent
from agents import Runner
from agents.mcp import MCPServerManager
from agents.mcp import MCPServerStdio
from agents.mcp import MCPServerStreamableHttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _local_server import SERVER
from _local_server import local_server


async def main(url: str) -> None:
    servers = [
        MCPServerStreamableHttp(name="http tools", params={"url": url}),
        MCPServerStdio(
            name="broken", params={"command": sys.executable, "args": ["-c", "raise SystemExit(1)"]}
        ),
        MCPServerStdio(
            name="stdio tools",
            params={"command": sys.executable, "args": [str(SERVER), "stdio"]},
            tool_filter={"allowed_tool_names": ["get_secret_word"]},
        ),
    ]
    async with MCPServerManager(servers, connect_timeout_seconds=15) as manager:
        print("Active:", ", ".join(s.name for s in manager.active_servers))
        print("Failed:", ", ".join(s.name for s in manager.failed_servers))
        agent = Agent(
            name="Assistant",
            instructions="Use the tools to answer the questions.",
            mcp_servers=manager.active_servers,
            mcp_config={"include_server_in_tool_names": True},
        )
        result = await Runner.run(agent, "Add these numbers: 7 and 22.")
        print(result.final_output)


if __name__ == "__main__":
    with local_server("http") as url:
        asyncio.run(main(url))
