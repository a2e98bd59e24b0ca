"""An agent using an MCP server over SSE, started here on a loopback port."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from agents import Agent
from agents import ModelSettings
from agents import Runner
from agents.mcp import MCPServerSse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _local_server import local_server


async def main(url: str) -> None:
    async with MCPServerSse(name="SSE server", params={"url": url}) as server:
        agent = Agent(
            name="Assistant",
            instructions="Use the tools to answer the questions.",
            mcp_servers=[server],
            model_settings=ModelSettings(tool_choice="required"),
        )
        for question in ("Add these numbers: 7 and 22.", "What's the secret word?"):
            print(f"Running: {question}")
            result = await Runner.run(agent, question)
            print(result.final_output)


if __name__ == "__main__":
    with local_server("sse") as url:
        asyncio.run(main(url))
