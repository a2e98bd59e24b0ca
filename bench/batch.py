"""Batch throughput: rows per second for single-turn rows, and memory per 1,000 rows in flight.

Three ways to run the same rows against the same endpoint, each with the same number of
rows in flight:

- the floor: a hand-written ``asyncio.gather`` of ``Runner.run`` calls behind a semaphore;
- ``agents.batch.run_batch`` on the asyncio engine (results file, provider limits, progress);
- ``run_batch(engine="ray")`` on a local Ray with 2 workers (``ray.init`` not timed; worker
  start-up is, since each batch starts its actors).

The endpoint is nginx answering a canned completion when nginx is installed (no Python
server competing for the CPU), else ``agents.testing.LoopbackProvider``. Memory: the
tracemalloc peak of 400 rows all in flight at once (gather, and the asyncio engine) against
a loopback provider that holds every answer for a second, scaled to 1,000 rows.

Usage: python bench/batch.py [--rows 1000] [--concurrency 64] [--no-ray] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _support import keep_traffic_local
from _support import nginx_binary
from _support import nginx_server
from _support import write_json
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import Runner
from agents.batch import run_batch
from agents.testing import LoopbackProvider
from agents.testing import Reply

API_KEY = "sk-bench-not-a-real-key"


def build_agent(base_url: str) -> Agent[None]:
    """The factory every engine uses (Ray workers call it in their own processes)."""
    client = AsyncOpenAI(api_key=API_KEY, base_url=base_url, max_retries=0)
    return Agent(name="bench", model=OpenAIChatCompletionsModel("bench-model", client))


@contextlib.contextmanager
def endpoint() -> Iterator[tuple[str, str]]:
    if nginx_binary() is not None:
        with nginx_server() as base_url:
            yield base_url, "nginx"
        return
    with LoopbackProvider("bench") as server:
        yield server.base_url, "LoopbackProvider (install nginx for the canonical figure)"


def rows_of(n: int) -> list[dict[str, Any]]:
    return [{"id": str(i), "input": f"row {i}"} for i in range(n)]


async def floor(base_url: str, rows: list[dict[str, Any]], concurrency: int) -> float:
    agent = build_agent(base_url)
    gate = asyncio.Semaphore(concurrency)

    async def one(row: dict[str, Any]) -> Any:
        async with gate:
            return (await Runner.run(agent, row["input"])).final_output

    started = time.perf_counter()
    await asyncio.gather(*(one(r) for r in rows))
    return len(rows) / (time.perf_counter() - started)


async def batch(base_url: str, rows: list[dict[str, Any]], concurrency: int, **kw: Any) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        factory = functools.partial(build_agent, base_url)
        started = time.perf_counter()
        summary = await run_batch(
            factory,
            rows,
            Path(tmp) / "out.jsonl",
            max_concurrency=concurrency,
            progress=False,
            **kw,
        )
        elapsed = time.perf_counter() - started
    if summary.failed:
        raise RuntimeError(f"{summary.failed} rows failed")
    return summary.rows / elapsed


async def memory_per_thousand(rows: int) -> dict[str, float]:
    """KiB allocated per 1,000 rows in flight at once (tracemalloc peak over the baseline),
    for the gather floor and for run_batch; the loopback server's threads are in both."""
    out: dict[str, float] = {}
    with LoopbackProvider("held", responder=lambda _b: Reply(text="ok", delay=1.0)) as server:
        agent = build_agent(server.base_url)
        await Runner.run(agent, "warm up")  # imports and caches out of the measurement
        for name in ("gather", "run_batch"):
            with tempfile.TemporaryDirectory() as tmp:
                tracemalloc.start()
                base = tracemalloc.get_traced_memory()[0]
                if name == "gather":
                    await asyncio.gather(
                        *(Runner.run(agent, r["input"]) for r in rows_of(rows)),
                        return_exceptions=True,
                    )
                else:
                    await run_batch(
                        agent,
                        rows_of(rows),
                        Path(tmp) / "o.jsonl",
                        max_concurrency=rows,
                        progress=False,
                    )
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
            out[name] = (peak - base) / 1024 / rows * 1000
    return out


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    rows = rows_of(args.rows)
    results: dict[str, Any] = {"rows": args.rows, "concurrency": args.concurrency}
    with endpoint() as (base_url, server):
        results["server"] = server
        print(f"batch: {args.rows} single-turn rows, {args.concurrency} in flight, {server}")
        await floor(base_url, rows[:50], args.concurrency)  # warm-up
        results["gather_rows_per_s"] = await floor(base_url, rows, args.concurrency)
        results["asyncio_rows_per_s"] = await batch(base_url, rows, args.concurrency)
        if not args.no_ray:
            try:
                import ray
            except ImportError:
                print("ray is not installed: pip install 'freeagents[ray]'")
            else:
                ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
                try:
                    results["ray_rows_per_s"] = await batch(
                        base_url, rows, args.concurrency, engine="ray", ray_workers=2
                    )
                finally:
                    ray.shutdown()
    results["kib_per_1000_in_flight"] = await memory_per_thousand(args.memory_rows)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--memory-rows", type=int, default=400, help="scaled to 1,000")
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray engine")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    keep_traffic_local()
    results = asyncio.run(measure(args))
    floor_rate = results["gather_rows_per_s"]
    for label, key in (
        ("asyncio.gather floor", "gather_rows_per_s"),
        ("run_batch, asyncio", "asyncio_rows_per_s"),
        ("run_batch, Ray x2", "ray_rows_per_s"),
    ):
        if key in results:
            rate = results[key]
            print(f"  {label:<22} {rate:8.1f} rows/s  ({rate / floor_rate:.2f}x the floor)")
    memory = results["kib_per_1000_in_flight"]
    print(
        f"  memory per 1,000 rows in flight: gather {memory['gather']:.0f} KiB, "
        f"run_batch {memory['run_batch']:.0f} KiB (loopback server threads included in both)"
    )
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
