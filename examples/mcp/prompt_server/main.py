"""Instructions from an MCP server's prompt, then an agent that follows them."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from agents import Agent
from agents import Runner
from agents.mcp import MCPServerStreamableHttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _local_server import local_server


async def main(url: str) -> None:
    async with MCPServerStreamableHttp(name="Prompt server", params={"url": url}) as server:
        prompts = await server.list_prompts()
        for prompt in prompts.prompts:
            print(f"Prompt: {prompt.name} - {prompt.description}")
        rendered = await server.get_prompt(
            "code_reviewer", {"focus": "security", "language": "python"}
        )
        instructions = rendered.messages[0].content.text
        print(f"Instructions: {instructions}")
        resource = await server.read_resource("docs://readme")
        print(f"Resource: {resource.contents[0].text.splitlines()[0]}")
        agent = Agent(name="Code reviewer", instructions=instructions)
        result = await Runner.run(agent, "Review: password = input(); eval(password)")
        print(result.final_output)


if __name__ == "__main__":
    with local_server("http") as url:
        asyncio.run(main(url))
