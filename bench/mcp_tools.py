"""Per-turn cost of an agent with 50 MCP tools against the same 50 tools as function tools.

Three agents answer on the in-process loopback provider (``agents.testing.LoopbackProvider``):

- ``function``: 50 ``@function_tool`` tools;
- ``mcp``: the same 50 tools on an MCP server (a stdio subprocess written with the ``mcp``
  package), listed on every turn (``cache_tools_list=False``, the default);
- ``mcp cached``: the same server with ``cache_tools_list=True``.

Two scenarios: a single turn (the model answers with text; the tools are only offered) and a
tool round trip (the model calls one tool, then answers: two model calls). Runs alternate in
rotating order after a warm-up; figures are medians of ms per model turn. The MCP figures
include the stdio round trips to the server process, which is the point: they show what a
listing per turn costs and what caching saves.

Usage: python bench/mcp_tools.py [--rounds N] [--batch N] [--quick] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _support import keep_traffic_local
from _support import median
from _support import spread
from _support import write_json
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner
from agents import function_tool
from agents.mcp import MCPServerStdio
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.tool import FunctionTool

TOOLS = 50
API_KEY = "sk-bench-not-a-real-key"
CONFIG = RunConfig(tracing_disabled=True)

SERVER_SOURCE = f"""
from mcp.server.mcpserver import MCPServer

server = MCPServer("bench")


def make(i: int):
    def tool(city: str, days: int = 1) -> str:
        return f"tool {{i}}: {{city}} for {{days}} day(s)"

    return tool


for i in range({TOOLS}):
    server.tool(name=f"tool_{{i}}", description=f"Tool number {{i}}: a forecast.")(make(i))

server.run("stdio")
"""


def function_tools() -> list[FunctionTool]:
    def make(i: int) -> FunctionTool:
        def tool(city: str, days: int = 1) -> str:
            return f"tool {i}: {city} for {days} day(s)"

        return function_tool(
            tool, name_override=f"tool_{i}", description_override=f"Tool number {i}: a forecast."
        )

    return [make(i) for i in range(TOOLS)]


async def timed(batch: int, provider: LoopbackProvider, agent: Agent[Any], tool: bool) -> float:
    """ms per model turn over `batch` runs."""
    turns = 2 if tool else 1
    started = time.perf_counter()
    for _ in range(batch):
        if tool:
            provider.enqueue(
                Reply(tool_calls=[ToolCall("tool_7", {"city": "Oslo", "days": 2})]),
                Reply(text="Done."),
            )
        else:
            provider.enqueue(Reply(text="Hello!"))
        await Runner.run(agent, "Forecast for Oslo?", run_config=CONFIG)
    return (time.perf_counter() - started) * 1000 / (batch * turns)


async def measure(rounds: int, batch: int) -> dict[str, Any]:
    keep_traffic_local()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, LoopbackProvider("bench", api_key=API_KEY) as lp:
        script = Path(tmp) / "server.py"
        script.write_text(SERVER_SOURCE)
        params = {"command": sys.executable, "args": [str(script)]}
        client = AsyncOpenAI(api_key=API_KEY, base_url=lp.base_url, max_retries=0)
        model = OpenAIChatCompletionsModel(model="bench-model", openai_client=client)
        async with (
            MCPServerStdio(params, name="bench") as listed,
            MCPServerStdio(params, name="bench", cache_tools_list=True) as cached,
        ):
            agents: dict[str, Agent[Any]] = {
                "function": Agent(name="f", model=model, tools=list(function_tools())),
                "mcp": Agent(name="m", model=model, mcp_servers=[listed]),
                "mcp cached": Agent(name="c", model=model, mcp_servers=[cached]),
            }
            assert len(await agents["mcp"].get_all_tools(_context())) == TOOLS
            for scenario, tool in (("single turn", False), ("tool round trip", True)):
                samples: dict[str, list[float]] = {name: [] for name in agents}
                names = list(agents)
                for name in names:  # warm-up
                    await timed(max(1, batch // 4), lp, agents[name], tool)
                for index in range(rounds):
                    order = names[index % len(names) :] + names[: index % len(names)]
                    for name in order:
                        samples[name].append(await timed(batch, lp, agents[name], tool))
                results[scenario] = {
                    name: {"ms_per_turn": median(values), "spread": spread(values)}
                    for name, values in samples.items()
                }
    return results


def _context() -> Any:
    from agents import RunContextWrapper

    return RunContextWrapper(context=None)


def report(results: dict[str, Any]) -> None:
    for scenario, rows in results.items():
        base = rows["function"]["ms_per_turn"]
        print(f"\n{scenario} ({TOOLS} tools): ms per model turn, median")
        for name, row in rows.items():
            ratio = row["ms_per_turn"] / base
            print(f"  {name:<12} {row['ms_per_turn']:8.2f} ms  {ratio:5.2f}x  {row['spread']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="3 rounds of 5 runs")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    rounds, batch = (3, 5) if args.quick else (args.rounds, args.batch)
    results = asyncio.run(measure(rounds, batch))
    report(results)
    write_json(args.json, {"mcp_tools": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
