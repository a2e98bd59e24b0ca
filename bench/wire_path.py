"""The Chat Completions wire path against its floors: long histories, long streams, many tools.

Each block runs its sides in one process, on one event loop, against one server in a child
process (`_canned_server.py`: canned answers, no parsing, off this process's GIL), in
alternating batches with a rotating order; figures are medians of this process's CPU time
(client-side work; `--wall` for wall-clock time, which on a shared machine swings with
other people's load).

- history: ms per turn for 10..200 history items; the floor is a raw `httpx2` POST of the
  same bytes, then the raw `openai` client's `create()`, then `Runner.run` on the lean path
  and with the lean path off (every request through `create()`, as before). The slope (µs
  per history item, least squares) is what grows with a conversation.
- stream: µs per chunk of a 500-chunk answer: `httpx2` reading the SSE lines and parsing
  each JSON (the floor), the raw client's stream, the model's `stream_response` (lean and
  through `create()`), and `Runner.run_streamed` with its `stream_events()`.
- tools: declaring 100 function tools (and the reference SDK declaring the same, when
  /work/refvenv/bin/python has it), then the first and steady turns of an agent with 100
  tools against a one-tool agent.

Usage: python bench/wire_path.py [--quick] [--wall] [--only BLOCK ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2
from _canned_server import canned_server
from _support import CANNED_COMPLETION
from _support import keep_traffic_local
from _support import median
from _support import write_json
from openai import AsyncOpenAI

from agents import Agent
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner
from agents import function_tool

try:
    from agents.models.chat import transport
except ImportError:  # a checkout before the lean path: everything goes through create()
    transport = None  # type: ignore[assignment]
from agents.models.chat.body import build_body
from agents.models.interface import ModelTracing
from agents.tool import FunctionTool

MODEL = "bench-model"
API_KEY = "sk-bench-not-a-real-key"
HISTORY = (10, 50, 100, 200)
CHUNKS = 500
TOOLS = 100
REFERENCE_PYTHON = Path("/work/refvenv/bin/python")

Call = Callable[[], Awaitable[Any]]


@contextmanager
def create_path() -> Iterator[None]:
    """Every request through `chat.completions.create`, as before the lean path."""
    if transport is None:
        yield
        return
    saved = transport.postable
    transport.postable = lambda client, body: False
    try:
        yield
    finally:
        transport.postable = saved


def stream_body() -> bytes:
    head = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1700000000}
    head |= {"model": MODEL, "system_fingerprint": None}

    def event(choices: list[Any], usage: Any = None) -> bytes:
        return (
            b"data: " + json.dumps({**head, "choices": choices, "usage": usage}).encode() + b"\n\n"
        )

    parts = [
        event([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
    ]
    for i in range(CHUNKS):
        delta = {"content": f"word{i} "}
        parts.append(event([{"index": 0, "delta": delta, "logprobs": None, "finish_reason": None}]))
    parts.append(event([{"index": 0, "delta": {}, "finish_reason": "stop"}]))
    usage = {"prompt_tokens": 8, "completion_tokens": CHUNKS, "total_tokens": 8 + CHUNKS}
    parts.append(event([], usage))
    parts.append(b"data: [DONE]\n\n")
    return b"".join(parts)


def history(n: int) -> list[Any]:
    """`n` items of a conversation as a run's input: user turns and assistant answers."""
    items: list[Any] = []
    for i in range(n):
        if i % 2 == 0:
            items.append({"role": "user", "content": f"Question number {i}: what about this?"})
        else:
            text = f"Answer number {i}: a sentence or two of reply, as a model writes."
            items.append(
                {
                    "type": "message",
                    "role": "assistant",
                    "id": f"msg_{i}",
                    "status": "completed",
                    "content": [{"type": "output_text", "text": text, "annotations": []}],
                }
            )
    items.append({"role": "user", "content": "And now?"})
    return items


clock = time.process_time
"""What is measured: this process's CPU time (the server runs in another process). On a
shared machine wall-clock figures swing with other people's load; the client-side work,
which is what the SDK can change, is the CPU time spent here. `--wall` switches."""


async def measure(variants: dict[str, Call], rounds: int, batch: int) -> dict[str, float]:
    """ms per call of each variant: warm-up, then rounds in a rotating order, each batch
    started on a collected heap after one untimed call; medians."""
    names = list(variants)
    for name in names:
        for _ in range(3):
            await variants[name]()
    gc.collect()
    per: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            call = variants[name]
            # Outside the timing: the garbage another variant left (the raw client's streams
            # leave thousands of objects) is collected now, and one call untimed lets this
            # variant's memory settle after another's (the heavy ones return arenas to the
            # system, which the next variant's first call would pay to fault back in).
            gc.collect()
            await call()
            t0 = clock()
            for _ in range(batch):
                await call()
            per[name].append((clock() - t0) * 1000 / batch)
    return {name: median(values) for name, values in per.items()}


def slope(points: list[tuple[int, float]]) -> float:
    """µs per history item: least-squares slope of ms per turn against items."""
    xs = [float(x) for x, _ in points]
    ys = [y * 1000 for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


class Bench:
    def __init__(self, base_url: str) -> None:
        limits = httpx2.Limits(max_connections=8, max_keepalive_connections=8)
        self.http = httpx2.AsyncClient(limits=limits, timeout=30.0)
        self.url = base_url + "/chat/completions"
        self.headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
        self.client = AsyncOpenAI(base_url=base_url, api_key=API_KEY, max_retries=0)
        self.model = OpenAIChatCompletionsModel(MODEL, self.client)
        self.config = RunConfig(model=self.model, tracing_disabled=True)

    async def floor(self, payload: bytes) -> Any:
        response = await self.http.post(self.url, content=payload, headers=self.headers)
        return response.json()

    async def floor_stream(self, payload: bytes) -> int:
        seen = 0
        request = self.http.build_request("POST", self.url, content=payload, headers=self.headers)
        response = await self.http.send(request, stream=True)
        try:
            async for line in response.aiter_lines():
                if line.startswith("data: ") and line != "data: [DONE]":
                    json.loads(line[6:])
                    seen += 1
        finally:
            await response.aclose()
        return seen

    async def history_block(self, rounds: int, batch: int) -> dict[str, Any]:
        agent = Agent(name="Assistant", instructions="Be brief.")
        rows: dict[str, list[tuple[int, float]]] = {}
        for n in HISTORY:
            items = history(n)
            body = build_body(
                MODEL,
                "Be brief.",
                items,
                ModelSettings(),
                [],
                [],
                stream=False,
                plan=None,
                profile=self.model.profile,
            )
            messages = body["messages"]
            payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()

            variants = self.history_variants(agent, items, payload, messages)
            result = await measure(variants, rounds, batch)
            print(f"  {n:4d} items: " + "  ".join(f"{k} {v:7.3f}" for k, v in result.items()))
            for name, value in result.items():
                rows.setdefault(name, []).append((n, value))
        slopes = {name: slope(points) for name, points in rows.items()}
        print(
            "  slope, µs per history item: " + "  ".join(f"{k} {v:.1f}" for k, v in slopes.items())
        )
        return {"ms_per_turn": rows, "us_per_item": slopes}

    def history_variants(
        self, agent: Agent[Any], items: list[Any], payload: bytes, messages: Any
    ) -> dict[str, Call]:
        async def sdk() -> Any:
            return await Runner.run(agent, items, run_config=self.config)

        async def sdk_create() -> Any:
            with create_path():
                return await Runner.run(agent, items, run_config=self.config)

        return {
            "httpx2 floor": lambda: self.floor(payload),
            "openai create()": lambda: self.client.chat.completions.create(
                model=MODEL, messages=messages
            ),
            "Runner.run, lean": sdk,
            "Runner.run, via create()": sdk_create,
        }

    async def stream_block(self, rounds: int, batch: int) -> dict[str, Any]:
        body = {"model": MODEL, "messages": [{"role": "user", "content": "hi"}], "stream": True}
        payload = json.dumps(body, separators=(",", ":")).encode()
        agent = Agent(name="Assistant")
        settings = ModelSettings()

        async def raw() -> None:
            stream = await self.client.chat.completions.create(
                model=MODEL,
                messages=[{"role": "user", "content": "hi"}],
                stream=True,
                stream_options={"include_usage": True},
            )
            async for _ in stream:
                pass

        async def model_stream() -> None:
            async for _ in self.model.stream_response(
                None, "hi", settings, [], None, [], ModelTracing.DISABLED
            ):
                pass

        async def model_stream_create() -> None:
            with create_path():
                await model_stream()

        async def runner() -> None:
            result = Runner.run_streamed(agent, "hi", run_config=self.config)
            async for _ in result.stream_events():
                pass

        variants: dict[str, Call] = {
            "httpx2 SSE floor": lambda: self.floor_stream(payload),
            "openai stream": raw,
            "stream_response, lean": model_stream,
            "stream_response, via create()": model_stream_create,
            "Runner.run_streamed": runner,
        }
        result = await measure(variants, rounds, batch)
        per_chunk = {name: ms * 1000 / CHUNKS for name, ms in result.items()}
        floor = per_chunk["httpx2 SSE floor"]
        for name, us in per_chunk.items():
            print(f"  {name:32s} {us:7.1f} µs per chunk  ({us / floor:.2f}x floor)")
        return {
            "us_per_chunk": per_chunk,
            "ratio_to_floor": {k: v / floor for k, v in per_chunk.items()},
        }

    async def tools_block(self, rounds: int, batch: int) -> dict[str, Any]:
        t0 = clock()
        many = declare_tools(TOOLS)
        declare_ms = (clock() - t0) * 1000
        each = declare_ms / TOOLS * 1000
        print(f"  declaring {TOOLS} function tools: {declare_ms:.1f} ms ({each:.0f} µs each)")
        reference = reference_declare_ms()
        if reference is not None:
            print(f"  the reference SDK declaring the same: {reference:.1f} ms")
        one = Agent(name="Assistant", tools=declare_tools(1))
        hundred = Agent(name="Assistant", tools=many)

        firsts = []
        for _ in range(max(3, rounds // 2)):
            fresh = Agent(name="Assistant", tools=declare_tools(TOOLS))
            t = clock()
            await Runner.run(fresh, "hi", run_config=self.config)
            firsts.append((clock() - t) * 1000)

        async def with_create(agent: Agent[Any]) -> Any:
            with create_path():
                return await Runner.run(agent, "hi", run_config=self.config)

        one_floor, hundred_floor = (
            self.turn_bytes(agent.tools)
            for agent in (one, hundred)  # type: ignore[arg-type]
        )
        variants: dict[str, Call] = {
            "httpx2 floor, 1 tool": lambda: self.floor(one_floor),
            "httpx2 floor, 100 tools": lambda: self.floor(hundred_floor),
            "1 tool": lambda: Runner.run(one, "hi", run_config=self.config),
            "100 tools, steady": lambda: Runner.run(hundred, "hi", run_config=self.config),
            "100 tools, via create()": lambda: with_create(hundred),
        }
        result = await measure(variants, rounds, batch)
        result["100 tools, first turn"] = median(firsts)
        for name, ms in result.items():
            print(f"  {name:28s} {ms:7.3f} ms per turn")
        one_ms, steady_ms = result["1 tool"], result["100 tools, steady"]
        floor_one, floor_hundred = result["httpx2 floor, 1 tool"], result["httpx2 floor, 100 tools"]
        ratio = steady_ms / one_ms
        floor_ratio = floor_hundred / floor_one
        above = (steady_ms - floor_hundred) / (one_ms - floor_one)
        print(f"  steady 100-tool turn / 1-tool turn: {ratio:.3f}  (target <= 1.10)")
        print(
            f"  the floor (a raw httpx2 POST of the same bytes), 100 tools / 1 tool: "
            f"{floor_ratio:.3f}; the SDK's cost above the floor, 100 / 1: {above:.3f}"
        )
        return {
            "declare_ms": declare_ms,
            "reference_declare_ms": reference,
            "ms_per_turn": result,
            "ratio": ratio,
            "floor_ratio": floor_ratio,
            "above_floor_ratio": above,
        }

    def turn_bytes(self, tools: list[FunctionTool]) -> bytes:
        """The body of a one-message turn with these tools, as the SDK sends it."""
        body = build_body(
            MODEL,
            None,
            "hi",
            ModelSettings(),
            list(tools),
            [],
            stream=False,
            plan=None,
            profile=self.model.profile,
        )
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()

    async def single_block(self, rounds: int, batch: int) -> dict[str, Any]:
        agent = Agent(name="Assistant")
        variants: dict[str, Call] = {
            "openai create()": lambda: self.client.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": "hi"}]
            ),
            "Runner.run": lambda: Runner.run(agent, "hi", run_config=self.config),
        }
        result = await measure(variants, rounds, batch)
        ratio = result["Runner.run"] / result["openai create()"]
        for name, ms in result.items():
            print(f"  {name:28s} {ms:7.3f} ms per turn")
        print(f"  Runner.run / create(): {ratio:.3f}")
        return {"ms_per_turn": result, "ratio": ratio}


TOOL_SOURCE = '''
def make(i):
    def tool(city: str, days: int = 1, units: str = "metric") -> str:
        """The forecast for a city.

        Args:
            city: The city's name.
            days: How many days ahead.
            units: metric or imperial.
        """
        return city
    tool.__name__ = f"forecast_{i}"
    tool.__qualname__ = tool.__name__
    return tool
'''


def declare_tools(n: int) -> list[FunctionTool]:
    space: dict[str, Any] = {}
    exec(TOOL_SOURCE, space)
    return [function_tool(space["make"](i)) for i in range(n)]


def reference_declare_ms() -> float | None:
    """The reference SDK declaring the same tools, in its own venv (None when absent)."""
    if not REFERENCE_PYTHON.exists():
        return None
    script = (
        "import time\nfrom agents import function_tool\n"
        + TOOL_SOURCE
        + f"\n[function_tool(make(i)) for i in range(3)]\nt=time.process_time()\n"
        f"[function_tool(make(i)) for i in range({TOOLS})]\n"
        "print((time.process_time()-t)*1000)\n"
    )
    try:
        out = subprocess.run(
            [str(REFERENCE_PYTHON), "-c", script],
            capture_output=True,
            text=True,
            timeout=120,
            cwd="/",
            # Without this environment's PYTHONPATH: it may name freeagents' `src`, whose
            # `agents` the reference's interpreter would then import instead of its own.
            env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")},
        )
        return float(out.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError):
        return None


BLOCKS = ("single", "history", "stream", "tools")


async def main_async(quick: bool, only: tuple[str, ...] = BLOCKS) -> dict[str, Any]:
    rounds, batch = (4, 3) if quick else (20, 6)
    with tempfile.TemporaryDirectory(prefix="freeagents-bench-wire-") as tmp:
        completion = json.dumps(CANNED_COMPLETION, separators=(",", ":")).encode()
        with canned_server(completion, stream_body(), Path(tmp)) as base_url:
            bench = Bench(base_url)
            out: dict[str, Any] = {}
            if "single" in only:
                print("\nsingle turn (ms per turn)")
                out["single"] = await bench.single_block(rounds, batch * 2)
            if "history" in only:
                print("\nhistory (ms per turn)")
                out["history"] = await bench.history_block(rounds, batch)
            if "stream" in only:
                print(f"\nstream ({CHUNKS} chunks)")
                out["stream"] = await bench.stream_block(rounds, max(1, batch // 3))
            if "tools" in only:
                print(f"\ntools ({TOOLS})")
                out["tools"] = await bench.tools_block(rounds, batch)
            await bench.http.aclose()
            await bench.client.close()
            return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json")
    parser.add_argument("--wall", action="store_true", help="wall-clock time, not CPU time")
    parser.add_argument(
        "--only", action="append", choices=BLOCKS, help="run only this block (repeatable)"
    )
    args = parser.parse_args()
    if args.wall:
        global clock
        clock = time.perf_counter
    keep_traffic_local()
    results = asyncio.run(main_async(args.quick, tuple(args.only or BLOCKS)))
    write_json(args.json, results)


if __name__ == "__main__":
    main()
