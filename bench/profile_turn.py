"""Where the SDK's per-turn time goes: cProfile over sequential runs, ``agents`` code only.

Profiles the same single-turn and tool round-trip runs as turn_overhead.py, on the
loopback provider, and lists the functions of the ``agents`` package (not openai, httpx2,
pydantic) by own time and by cumulative time, so overhead work starts from evidence.
cProfile slows everything down, so read shares and rankings, not absolute times.

Usage: python bench/profile_turn.py [--runs N] [--scenario single|tool] [--top N]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
from pathlib import Path
from typing import Any

from _support import keep_traffic_local
from turn_overhead import API_KEY
from turn_overhead import Sides
from turn_overhead import make_client
from turn_overhead import responder

import agents
from agents.testing import LoopbackProvider

AGENTS_DIR = str(Path(agents.__file__).resolve().parent) + os.sep


def _is_agents(func: tuple[str, int, str]) -> bool:
    filename = func[0]
    return filename.startswith(AGENTS_DIR) and f"{os.sep}testing{os.sep}" not in filename


def _where(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    return f"{filename.removeprefix(AGENTS_DIR)}:{line}({name})"


async def profile(scenario: str, runs: int, side: str = "sdk") -> tuple[cProfile.Profile, float]:
    with LoopbackProvider("bench", api_key=API_KEY, responder=responder) as provider:
        client = make_client(provider.base_url)
        try:
            sides = Sides(client)

            async def once() -> Any:
                if side == "raw":
                    return await (sides.raw_tool() if scenario == "tool" else sides.raw_single())
                if scenario == "tool":
                    return await sides.sdk_tool(sides.off)
                return await sides.sdk_single(sides.off)

            for _ in range(50):
                await once()
            profiler = cProfile.Profile()
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            profiler.enable()
            for _ in range(runs):
                await once()
            profiler.disable()
            return profiler, loop.time() - t0
        finally:
            await client.close()


def report(profiler: cProfile.Profile, runs: int, top: int) -> None:
    stats = pstats.Stats(profiler)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    ours = {f: v for f, v in raw.items() if _is_agents(f)}
    own_time = sum(v[2] for v in ours.values())
    print(
        f"profiled time {total * 1000 / runs:.3f} ms per run; own time inside agents "
        f"{own_time * 1000 / runs:.3f} ms per run ({own_time / total:.1%})"
    )
    for title, index in (("own time (tottime)", 2), ("cumulative time (cumtime)", 3)):
        print(f"\ntop agents functions by {title}, microseconds per run:")
        print(f"  {'own':>8} {'cum':>8} {'calls/run':>9}  function")
        ranked = sorted(ours.items(), key=lambda kv: kv[1][index], reverse=True)[:top]
        for func, (_cc, ncalls, tottime, cumtime, _callers) in ranked:
            print(
                f"  {tottime * 1e6 / runs:8.1f} {cumtime * 1e6 / runs:8.1f} "
                f"{ncalls / runs:9.1f}  {_where(func)}"
            )


def _area(func: tuple[str, int, str]) -> str:
    """Which library a function belongs to, for the differential profile."""
    filename = func[0]
    if _is_agents(func):
        return "agents"
    for name in ("asyncio", "pydantic", "openai", "httpx2", "httpcore2", "anyio", "json"):
        if f"{os.sep}{name}{os.sep}" in filename:
            return name
    if filename == "~":
        return "builtins"
    return "other"


def report_diff(sdk: cProfile.Profile, raw: cProfile.Profile, runs: int, top: int) -> None:
    """What the SDK run does beyond the raw calls, wherever it happens (pydantic, the loop)."""
    sdk_stats: dict[Any, Any] = pstats.Stats(sdk).stats  # type: ignore[attr-defined]
    raw_stats: dict[Any, Any] = pstats.Stats(raw).stats  # type: ignore[attr-defined]
    deltas: dict[Any, tuple[float, float]] = {}
    for func in set(sdk_stats) | set(raw_stats):
        s = sdk_stats.get(func, (0, 0, 0.0, 0.0, {}))
        r = raw_stats.get(func, (0, 0, 0.0, 0.0, {}))
        deltas[func] = ((s[2] - r[2]) * 1e6 / runs, (s[1] - r[1]) / runs)
    by_area: dict[str, float] = {}
    for func, (us, _calls) in deltas.items():
        by_area[_area(func)] = by_area.get(_area(func), 0.0) + us
    total = sum(by_area.values())
    print(f"\nSDK minus raw, under cProfile: {total:.1f} us of own time per run, by library:")
    for area, us in sorted(by_area.items(), key=lambda kv: kv[1], reverse=True):
        print(f"  {us:8.1f} us  {area}")
    print("\ntop functions by extra own time per run (SDK minus raw):")
    print(f"  {'extra us':>8} {'extra calls':>11}  function")
    ranked = sorted(deltas.items(), key=lambda kv: kv[1][0], reverse=True)[:top]
    for func, (us, calls) in ranked:
        where = _where(func) if _is_agents(func) else f"{func[0]}:{func[1]}({func[2]})"
        print(f"  {us:8.1f} {calls:11.1f}  {where[-90:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--scenario", choices=("single", "tool"), default="single")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--out", help="also save the raw profile (for snakeviz, pstats)")
    parser.add_argument(
        "--diff", action="store_true", help="also profile the raw client and show the difference"
    )
    args = parser.parse_args(argv)
    keep_traffic_local()
    profiler, elapsed = asyncio.run(profile(args.scenario, args.runs))
    print(f"{args.scenario}: {args.runs} runs in {elapsed:.2f} s under cProfile")
    report(profiler, args.runs, args.top)
    if args.out:
        profiler.dump_stats(args.out)
    if args.diff:
        raw, _ = asyncio.run(profile(args.scenario, args.runs, "raw"))
        report_diff(profiler, raw, args.runs, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
