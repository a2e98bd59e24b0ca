"""1,000 ``Runner.run`` calls at once against the raw client making the same 1,000 calls at once.

The server is nginx answering every request with a canned chat completion, in its own
process, so the server is not the limit: what is measured is the client side (the SDK's
turn loop on top of ``openai`` and ``httpx2``) on one event loop. Both sides share one
``AsyncOpenAI`` client whose connection pool holds all 1,000 connections, so neither side
waits for a free connection or pays for new ones after the warm-up. Rounds alternate
(SDK first, then raw first) and the figure is the median wall time of a whole gather.

nginx is required: ``apt-get install -y nginx-light`` (or ``nginx``).

Usage: python bench/concurrency.py [--runs 1000] [--rounds N] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import sys
import time
from collections.abc import Awaitable
from collections.abc import Callable
from typing import Any

import httpx2
from _support import NGINX_INSTALL_HINT
from _support import keep_traffic_local
from _support import median
from _support import nginx_server
from _support import write_json
from openai import AsyncOpenAI
from openai import DefaultAsyncHttpx2Client

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import Runner

MODEL = "bench-model"
API_KEY = "sk-bench-not-a-real-key"
TARGET = 1.2


def raise_fd_limit(needed: int) -> None:
    """1,000 sockets need more descriptors than some shells allow by default."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, needed)) if hard != resource.RLIM_INFINITY else max(soft, needed)
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def make_client(base_url: str, pool: int) -> AsyncOpenAI:
    http = DefaultAsyncHttpx2Client(
        limits=httpx2.Limits(max_connections=pool, max_keepalive_connections=pool),
        timeout=httpx2.Timeout(60.0, connect=10.0, pool=60.0),
    )
    return AsyncOpenAI(base_url=base_url, api_key=API_KEY, max_retries=0, http_client=http)


async def gather_time(make: Callable[[int], Awaitable[str]], runs: int) -> tuple[float, float, int]:
    """Wall and CPU seconds for `runs` calls at once, and how many of them failed.

    CPU time of this process (the client; nginx runs elsewhere) is a cross-check that
    holds up when other work on the machine stretches the wall time.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    results = await asyncio.gather(*(make(i) for i in range(runs)), return_exceptions=True)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    failures = [r for r in results if isinstance(r, BaseException) or r != "Hello!"]
    if failures:
        print(f"  {len(failures)} of {runs} calls failed, e.g. {failures[0]!r}", file=sys.stderr)
    return elapsed, cpu, len(failures)


async def bench(base_url: str, runs: int, rounds: int, clients: int) -> dict[str, Any]:
    """Median wall time of `runs` at once per side; calls spread round-robin over `clients`."""
    pool = -(-runs // clients)
    shared = [make_client(base_url, pool) for _ in range(clients)]
    try:
        agent = Agent(name="Assistant")
        configs = [
            RunConfig(model=OpenAIChatCompletionsModel(MODEL, c), tracing_disabled=True)
            for c in shared
        ]

        def sdk(i: int) -> Awaitable[str]:
            async def one() -> str:
                result = await Runner.run(agent, "hi", run_config=configs[i % clients])
                return str(result.final_output)

            return one()

        def raw(i: int) -> Awaitable[str]:
            async def one() -> str:
                completion = await shared[i % clients].chat.completions.create(
                    model=MODEL, messages=[{"role": "user", "content": "hi"}]
                )
                return completion.choices[0].message.content or ""

            return one()

        sides: dict[str, Callable[[int], Awaitable[str]]] = {"sdk": sdk, "raw": raw}
        # Warm-up: the raw gather opens every pooled connection; the small SDK gather loads
        # whatever the SDK loads lazily.
        await gather_time(raw, runs)
        await gather_time(sdk, min(runs, 100))
        gc.collect()
        times: dict[str, list[float]] = {"sdk": [], "raw": []}
        cpu: dict[str, list[float]] = {"sdk": [], "raw": []}
        failures = 0
        for r in range(rounds):
            for name in ("sdk", "raw") if r % 2 == 0 else ("raw", "sdk"):
                elapsed, used, failed = await gather_time(sides[name], runs)
                times[name].append(elapsed)
                cpu[name].append(used)
                failures += failed
    finally:
        for c in shared:
            await c.close()
    sdk_s, raw_s = median(times["sdk"]), median(times["raw"])
    return {
        "runs": runs,
        "rounds": rounds,
        "clients": clients,
        "pool_per_client": pool,
        "sdk_s": sdk_s,
        "raw_s": raw_s,
        "sdk_all_s": times["sdk"],
        "raw_all_s": times["raw"],
        "ratio": median([s / r for s, r in zip(times["sdk"], times["raw"], strict=True)]),
        "cpu_ratio": median([s / r for s, r in zip(cpu["sdk"], cpu["raw"], strict=True)]),
        "sdk_cpu_s": median(cpu["sdk"]),
        "raw_cpu_s": median(cpu["raw"]),
        "overhead_ms_per_run": median(
            [(s - r) * 1000 / runs for s, r in zip(times["sdk"], times["raw"], strict=True)]
        ),
        "sdk_runs_per_s": runs / sdk_s,
        "raw_calls_per_s": runs / raw_s,
        "failures": failures,
    }


def report(title: str, results: dict[str, Any], target: float | None) -> None:
    ratio = results["ratio"]
    print(f"\n{title}: {results['rounds']} rounds per side, median wall time of one gather")
    print(
        f"  raw client    {results['raw_s'] * 1000:9.1f} ms  "
        f"({results['raw_calls_per_s']:.0f} calls/s, {results['raw_cpu_s'] * 1000:.0f} ms CPU)"
    )
    print(
        f"  Runner.run    {results['sdk_s'] * 1000:9.1f} ms  "
        f"({results['sdk_runs_per_s']:.0f} runs/s, {results['sdk_cpu_s'] * 1000:.0f} ms CPU)"
    )
    print(f"  SDK overhead  {results['overhead_ms_per_run']:9.3f} ms per run")
    line = f"  ratio SDK/raw {ratio:9.3f}"
    if target is not None:
        verdict = "PASS" if ratio <= target else "MISS"
        if results["failures"]:
            verdict = "INVALID"  # failed calls end early and would flatter either side
        line += f"  target <= {target}  {verdict}"
    print(line)
    print(f"  CPU ratio     {results['cpu_ratio']:9.3f}  (client process CPU time, SDK/raw)")
    if results["failures"]:
        print(f"  {results['failures']} calls failed; these figures are not valid")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="runs at once per gather")
    parser.add_argument("--rounds", type=int, default=3, help="timed gathers per side, one pool")
    parser.add_argument(
        "--shards", type=int, default=10, help="clients in the sharded block (0 skips it)"
    )
    parser.add_argument("--shard-rounds", type=int, default=5, help="timed gathers, sharded")
    parser.add_argument("--workers", type=int, default=1, help="nginx worker processes")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    keep_traffic_local()
    raise_fd_limit(args.runs * 2 + 256)
    results: dict[str, Any] = {}
    try:
        with nginx_server(workers=args.workers) as base_url:
            print(f"concurrency: {args.runs} runs at once, nginx at {base_url}", flush=True)
            results["one_pool"] = asyncio.run(bench(base_url, args.runs, args.rounds, 1))
            report(
                f"{args.runs} at once, one client (pool of {args.runs})",
                results["one_pool"],
                TARGET,
            )
            if args.shards > 1:
                sharded = asyncio.run(bench(base_url, args.runs, args.shard_rounds, args.shards))
                results["sharded"] = sharded
                report(
                    f"{args.runs} at once, {args.shards} clients "
                    f"(pool of {sharded['pool_per_client']} each)",
                    sharded,
                    None,
                )
    except FileNotFoundError:
        print(NGINX_INSTALL_HINT)
        results["error"] = NGINX_INSTALL_HINT
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
