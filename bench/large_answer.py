"""A very large non-streamed answer: what the SDK adds to the client's own parse, per megabyte.

A 100 MB answer once took 14.6 s, most of it in a regular-expression scan for lone surrogates
that ran on the whole text. The SDK's share must stay small and grow linearly with the size.

Both sides read the same body bytes through the same `openai` client; the body comes from an
in-memory transport (`httpx` MockTransport), so no server thread competes for the GIL and the
difference is the SDK's own work: Runner.run minus `chat.completions.create`. Two sizes show
whether the cost per megabyte stays the same (linear) or grows (quadratic); an ASCII and a
non-ASCII (CJK) answer take different paths through the text checks.

Usage: python bench/large_answer.py [--sizes 16 64] [--reps 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

import httpx2
from openai import AsyncOpenAI
from openai import DefaultAsyncHttpxClient

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner

ASK = [{"role": "user", "content": "hi"}]
LINES = {"ascii": "word " * 200 + "\n", "cjk": "词语" * 333 + "\n"}


def body_of(megabytes: int, kind: str) -> bytes:
    line = LINES[kind]
    text = line * (megabytes * 1024 * 1024 // len(line.encode()))
    answer = {
        "id": "chatcmpl-large",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    return json.dumps(answer, ensure_ascii=False).encode()


async def measure(megabytes: int, kind: str, reps: int) -> dict[str, float]:
    body = body_of(megabytes, kind)

    def answer(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=body, headers={"content-type": "application/json"})

    http = DefaultAsyncHttpxClient(transport=httpx2.MockTransport(answer))
    client = AsyncOpenAI(api_key="k", base_url="http://bench.invalid/v1", http_client=http)
    agent = Agent(name="a", model=OpenAIChatCompletionsModel("m", client))
    config = RunConfig(tracing_disabled=True)
    await client.chat.completions.create(model="m", messages=ASK)  # type: ignore[arg-type]
    await Runner.run(agent, "hi", run_config=config)  # warm-up: imports, first-call costs
    raw: list[float] = []
    sdk: list[float] = []
    for _ in range(reps):
        started = time.perf_counter()
        await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}]
        )
        raw.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = await Runner.run(agent, "hi", run_config=config)
        sdk.append(time.perf_counter() - started)
        assert len(result.final_output) > megabytes * 1024 * 1024 // 4
    await client.close()
    raw_s, sdk_s = statistics.median(raw), statistics.median(sdk)
    return {
        "raw_s": raw_s,
        "sdk_s": sdk_s,
        "overhead_ms_per_mb": max(0.0, sdk_s - raw_s) * 1000 / megabytes,
    }


async def main(sizes: list[int], reps: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for kind in LINES:
        per_size = {str(mb): await measure(mb, kind, reps) for mb in sizes}
        small, large = per_size[str(sizes[0])], per_size[str(sizes[-1])]
        growth = (large["sdk_s"] - large["raw_s"]) / max(1e-9, small["sdk_s"] - small["raw_s"])
        results[kind] = {
            "sizes": per_size,
            # Linear: about sizes[-1] / sizes[0]; quadratic: its square.
            "overhead_growth": growth,
            "size_ratio": sizes[-1] / sizes[0],
        }
        for mb, figures in per_size.items():
            print(
                f"{kind:>5} {mb:>4} MB: raw client {figures['raw_s']:.2f} s, Runner.run "
                f"{figures['sdk_s']:.2f} s, SDK {figures['overhead_ms_per_mb']:.1f} ms/MB"
            )
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    figures = asyncio.run(main(sorted(args.sizes), args.reps))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
