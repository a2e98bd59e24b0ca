"""Per-turn cost of ``Runner.run`` against the raw ``openai`` client making the same calls.

Two scenarios run sequentially on the loopback provider (``agents.testing.LoopbackProvider``):
a single-turn run (one model call, final text) and a tool round trip (the model calls a
function tool once, then answers: two model calls). The raw side does by hand what the SDK
does for the user: the same HTTP requests, byte for byte (checked before timing), parsing
the tool arguments, calling the function and sending its result back.

Both sides share one ``AsyncOpenAI`` client and one event loop, and run in alternating
batches (the order rotates every round) after a warm-up, so drift in machine speed cancels
out; figures are medians over the rounds. The SDK runs twice, with tracing off and on, for
the tracing budget (tracing on within 5% of off).

The loopback server runs in this process, so its own handling cost is inside both sides'
figures and dilutes the ratio; "overhead ms" (SDK minus raw) does not depend on it. With
nginx installed a third block measures the single turn against nginx, out of process,
which shows the client-side ratio more sharply.

Usage: python bench/turn_overhead.py [--rounds N] [--batch N] [--quick] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import time
from collections.abc import Awaitable
from collections.abc import Callable
from typing import Any

import httpx2
from _support import NGINX_INSTALL_HINT
from _support import keep_traffic_local
from _support import median
from _support import nginx_binary
from _support import nginx_server
from _support import spread
from _support import verdict
from _support import write_json
from openai import AsyncOpenAI
from openai import DefaultAsyncHttpx2Client
from openai.types.chat import ChatCompletionFunctionToolParam

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner
from agents import function_tool
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

MODEL = "bench-model"
API_KEY = "sk-bench-not-a-real-key"
TURN_TARGET = 1.15
TRACING_TARGET = 1.05

WEATHER_ARGS = {"city": "Paris"}
# What a user of the raw client writes by hand; the pre-flight check proves the SDK sends it too.
WEATHER_TOOL_PARAM: ChatCompletionFunctionToolParam = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The current weather in a city.",
        "parameters": {
            "properties": {"city": {"title": "City", "type": "string"}},
            "required": ["city"],
            "title": "get_weather_args",
            "type": "object",
            "additionalProperties": False,
        },
        "strict": True,
    },
}


def weather(city: str) -> str:
    return f"It is sunny in {city}."


@function_tool
def get_weather(city: str) -> str:
    """The current weather in a city."""
    return weather(city)


def responder(body: dict[str, Any]) -> Reply:
    """Deterministic replies, so both sides get byte-identical responses."""
    messages = body.get("messages") or []
    if messages and messages[-1].get("role") == "tool":
        return Reply(text="It is sunny in Paris today.")
    if body.get("tools"):
        return Reply(tool_calls=[ToolCall("get_weather", WEATHER_ARGS, id="call_weather")])
    return Reply(text="Hello! How can I help you today?")


def make_client(base_url: str) -> AsyncOpenAI:
    http = DefaultAsyncHttpx2Client(
        limits=httpx2.Limits(max_connections=64, max_keepalive_connections=64),
        timeout=httpx2.Timeout(30.0, connect=5.0),
    )
    return AsyncOpenAI(base_url=base_url, api_key=API_KEY, max_retries=0, http_client=http)


Call = Callable[[], Awaitable[Any]]


class Sides:
    """The coroutines being compared, all on one client."""

    def __init__(self, client: AsyncOpenAI) -> None:
        self.client = client
        model = OpenAIChatCompletionsModel(MODEL, client)
        self.off = RunConfig(model=model, tracing_disabled=True)
        self.on = RunConfig(model=model, tracing_disabled=False)
        self.plain = Agent(name="Assistant")
        self.tooled = Agent(name="Assistant", tools=[get_weather])

    async def sdk_single(self, config: RunConfig) -> str:
        result = await Runner.run(self.plain, "hi", run_config=config)
        return str(result.final_output)

    async def sdk_tool(self, config: RunConfig) -> str:
        result = await Runner.run(self.tooled, "What is the weather in Paris?", run_config=config)
        return str(result.final_output)

    async def raw_single(self) -> str:
        completion = await self.client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "hi"}]
        )
        return completion.choices[0].message.content or ""

    async def raw_tool(self) -> str:
        messages: list[Any] = [{"role": "user", "content": "What is the weather in Paris?"}]
        first = await self.client.chat.completions.create(
            model=MODEL, messages=messages, tools=[WEATHER_TOOL_PARAM]
        )
        calls = first.choices[0].message.tool_calls or []
        messages.append(
            {
                "role": "assistant",
                "content": first.choices[0].message.content,
                "tool_calls": [
                    {
                        "id": c.id,
                        "type": "function",
                        "function": {"name": c.function.name, "arguments": c.function.arguments},
                    }
                    for c in calls
                    if c.type == "function"
                ],
            }
        )
        for c in calls:
            if c.type == "function":
                output = weather(**json.loads(c.function.arguments))
                messages.append({"role": "tool", "tool_call_id": c.id, "content": output})
        second = await self.client.chat.completions.create(
            model=MODEL, messages=messages, tools=[WEATHER_TOOL_PARAM]
        )
        return second.choices[0].message.content or ""


async def check_same_requests(provider: LoopbackProvider, sides: Sides) -> list[str]:
    """Both sides must send the same requests, or the comparison means nothing."""
    problems = []
    pairs: list[tuple[str, Call, Call]] = [
        ("single turn", lambda: sides.sdk_single(sides.off), sides.raw_single),
        ("tool round trip", lambda: sides.sdk_tool(sides.off), sides.raw_tool),
    ]
    for name, sdk, raw in pairs:
        start = len(provider.requests)
        sdk_answer = await sdk()
        middle = len(provider.requests)
        raw_answer = await raw()
        sdk_bodies = [r.body for r in provider.requests[start:middle]]
        raw_bodies = [r.body for r in provider.requests[middle:]]
        if sdk_bodies != raw_bodies:
            problems.append(
                f"{name}: request bodies differ:\n  sdk={sdk_bodies}\n  raw={raw_bodies}"
            )
        if sdk_answer != raw_answer or not sdk_answer:
            problems.append(f"{name}: answers differ: sdk={sdk_answer!r} raw={raw_answer!r}")
    return problems


async def measure(
    variants: dict[str, tuple[Call, int]],
    rounds: int,
    batch: int,
    budget_s: float,
) -> dict[str, list[float]]:
    """ms per model turn for each variant, one value per round; order rotates every round."""
    names = list(variants)
    per_turn: dict[str, list[float]] = {name: [] for name in names}
    for name in names:  # warm-up: connections, caches, lazy imports
        call, _ = variants[name]
        for _ in range(max(3, batch // 2)):
            await call()
    gc.collect()
    deadline = time.monotonic() + budget_s
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            call, turns = variants[name]
            t0 = time.perf_counter()
            for _ in range(batch):
                await call()
            per_turn[name].append((time.perf_counter() - t0) * 1000 / (batch * turns))
        if time.monotonic() > deadline and r >= 4:
            break
    return per_turn


def summarize(
    per_turn: dict[str, list[float]], raw: str, sdk: str, traced: str | None
) -> dict[str, Any]:
    raw_v, sdk_v = per_turn[raw], per_turn[sdk]
    out: dict[str, Any] = {
        "rounds": len(raw_v),
        "raw_ms_per_turn": median(raw_v),
        "sdk_ms_per_turn": median(sdk_v),
        "raw_iqr": spread(raw_v),
        "sdk_iqr": spread(sdk_v),
        "overhead_ms_per_turn": median([s - r for s, r in zip(sdk_v, raw_v, strict=True)]),
        "ratio": median([s / r for s, r in zip(sdk_v, raw_v, strict=True)]),
    }
    if traced is not None:
        on = per_turn[traced]
        out["sdk_tracing_on_ms_per_turn"] = median(on)
        out["sdk_tracing_on_iqr"] = spread(on)
        out["tracing_ratio"] = median([t / s for t, s in zip(on, sdk_v, strict=True)])
    return out


def print_block(title: str, s: dict[str, Any]) -> None:
    print(f"\n{title}  ({s['rounds']} rounds, medians, ms per model turn, IQR in brackets)")
    print(f"  raw client           {s['raw_ms_per_turn']:8.3f}  [{s['raw_iqr']}]")
    print(f"  Runner.run, no trace {s['sdk_ms_per_turn']:8.3f}  [{s['sdk_iqr']}]")
    if "sdk_tracing_on_ms_per_turn" in s:
        print(
            f"  Runner.run, tracing  {s['sdk_tracing_on_ms_per_turn']:8.3f}  "
            f"[{s['sdk_tracing_on_iqr']}]"
        )
    print(f"  SDK overhead         {s['overhead_ms_per_turn']:8.3f} ms per turn")
    ratio = s["ratio"]
    print(
        f"  ratio SDK/raw        {ratio:8.3f}  target <= {TURN_TARGET}  "
        f"{verdict(ratio, TURN_TARGET)}"
    )
    if "tracing_ratio" in s:
        tr = s["tracing_ratio"]
        print(
            f"  ratio tracing on/off {tr:8.3f}  target <= {TRACING_TARGET}  "
            f"{verdict(tr, TRACING_TARGET)}"
        )


async def run_loopback(rounds: int, batch: int, budget_s: float) -> dict[str, Any]:
    with LoopbackProvider("bench", api_key=API_KEY, responder=responder) as provider:
        client = make_client(provider.base_url)
        try:
            sides = Sides(client)
            problems = await check_same_requests(provider, sides)
            if problems:
                raise SystemExit("pre-flight check failed:\n" + "\n".join(problems))
            print("pre-flight: SDK and raw client send identical requests and get equal answers")
            single = await measure(
                {
                    "raw": (sides.raw_single, 1),
                    "sdk": (lambda: sides.sdk_single(sides.off), 1),
                    "sdk_traced": (lambda: sides.sdk_single(sides.on), 1),
                },
                rounds,
                batch,
                budget_s / 2,
            )
            tool = await measure(
                {
                    "raw": (sides.raw_tool, 2),
                    "sdk": (lambda: sides.sdk_tool(sides.off), 2),
                    "sdk_traced": (lambda: sides.sdk_tool(sides.on), 2),
                },
                rounds,
                max(1, batch // 2),
                budget_s / 2,
            )
        finally:
            await client.close()
    return {
        "single": summarize(single, "raw", "sdk", "sdk_traced"),
        "tool": summarize(tool, "raw", "sdk", "sdk_traced"),
    }


async def run_nginx(rounds: int, batch: int, budget_s: float) -> dict[str, Any] | None:
    if nginx_binary() is None:
        print(f"\n(nginx block skipped: {NGINX_INSTALL_HINT})")
        return None
    with nginx_server(workers=1) as base_url:
        client = make_client(base_url)
        try:
            sides = Sides(client)
            per_turn = await measure(
                {
                    "raw": (sides.raw_single, 1),
                    "sdk": (lambda: sides.sdk_single(sides.off), 1),
                },
                rounds,
                batch,
                budget_s,
            )
        finally:
            await client.close()
    result: dict[str, Any] = summarize(per_turn, "raw", "sdk", None)
    return result


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    results = await run_loopback(args.rounds, args.batch, args.budget)
    print_block("Single-turn run, loopback provider (in-process server)", results["single"])
    print_block("Tool round trip (2 turns), loopback provider", results["tool"])
    nginx = await run_nginx(args.rounds, args.batch, args.budget / 3)
    if nginx is not None:
        results["single_nginx"] = nginx
        print_block("Single-turn run, nginx canned reply (server out of process)", nginx)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="alternating rounds per scenario")
    parser.add_argument("--batch", type=int, default=20, help="runs per variant per round")
    parser.add_argument("--budget", type=float, default=75.0, help="soft time limit, seconds")
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.batch, args.budget = 6, 5, 10.0
    keep_traffic_local()
    # Tracing "on" must mean on: neither the environment nor the process switch may veto it.
    os.environ.pop("OPENAI_AGENTS_DISABLE_TRACING", None)
    print(f"turn overhead: Python {sys.version.split()[0]}, {args.rounds} rounds x {args.batch}")
    results = asyncio.run(main_async(args))
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
