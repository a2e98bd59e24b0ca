"""Run every benchmark, each in its own process, and print a summary against the targets.

Benchmarks report, they do not gate: the exit code is 0 whatever the figures, and each
target line says PASS or MISS (N/A when a benchmark could not run, e.g. without nginx).

Usage: python bench/run_all.py [--quick] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# (script, extra args, extra args with --quick, timeout seconds)
BENCHMARKS: list[tuple[str, list[str], list[str], float]] = [
    ("turn_overhead.py", [], ["--quick"], 240),
    ("concurrency.py", [], ["--rounds", "1", "--shards", "0"], 300),
    ("import_time.py", [], ["--reps", "3"], 180),
    ("wire_path.py", [], ["--quick"], 600),
    ("large_answer.py", [], ["--sizes", "8", "32", "--reps", "1"], 300),
]


def run(script: str, args: list[str], timeout: float, out: Path) -> dict[str, Any]:
    """Run one benchmark with its output shown live; its JSON results, or {} if it failed."""
    print(f"\n=== {script} {' '.join(args)}".rstrip(), flush=True)
    t0 = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, str(HERE / script), *args, "--json", str(out)], timeout=timeout
        )
    except subprocess.TimeoutExpired:
        print(f"--- {script} timed out after {timeout:.0f} s", flush=True)
        return {}
    print(f"--- {script}: {time.monotonic() - t0:.1f} s, exit code {proc.returncode}", flush=True)
    if proc.returncode != 0 or not out.exists():
        return {}
    loaded: dict[str, Any] = json.loads(out.read_text())
    return loaded


LEAN = "Runner.run, lean"
MODEL = "stream_response, lean"


def dig(results: dict[str, Any], *keys: str) -> float:
    value: Any = results
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return float("nan")
        value = value[key]
    return float(value) if isinstance(value, int | float) else float("nan")


def _per_mb(results: dict[str, Any], kind: str) -> float:
    """The SDK's cost per megabyte at the largest size measured."""
    sizes = results.get(kind, {}).get("sizes", {})
    if not sizes:
        return float("nan")
    return dig(sizes, max(sizes, key=int), "overhead_ms_per_mb")


def row(label: str, value: float, unit: str, limit: float | None) -> tuple[str, str, str, str]:
    shown = "n/a" if value != value else f"{value:.3f}{unit}"
    if limit is None:
        return label, shown, "-", "info"
    status = "N/A" if value != value else ("PASS" if value <= limit else "MISS")
    return label, shown, f"<= {limit}{unit}", status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short smoke runs")
    parser.add_argument("--json", help="also write all results to this file")
    parsed = parser.parse_args(argv)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="freeagents-bench-") as tmp:
        for script, args, quick_args, timeout in BENCHMARKS:
            chosen = quick_args if parsed.quick else args
            results[script] = run(script, chosen, timeout, Path(tmp) / f"{script}.json")
    turn, conc, imp, wire, large = (results[name] for name, *_ in BENCHMARKS)
    rows = [
        row("Runner.run / raw, single turn", dig(turn, "single", "ratio"), "x", 1.15),
        row("Runner.run / raw, tool round trip", dig(turn, "tool", "ratio"), "x", 1.15),
        row("tracing on / off, single turn", dig(turn, "single", "tracing_ratio"), "x", 1.05),
        row("tracing on / off, tool round trip", dig(turn, "tool", "tracing_ratio"), "x", 1.05),
        row("Runner.run / raw, 1,000 at once", dig(conc, "one_pool", "ratio"), "x", 1.2),
        row("import agents - import openai", dig(imp, "difference_s"), " s", 0.15),
        row("history: µs per item, Runner.run", dig(wire, "history", "us_per_item", LEAN), "", 20),
        row(
            "stream: per chunk / httpx2 floor", dig(wire, "stream", "ratio_to_floor", MODEL), "x", 2
        ),
        row("100 tools / 1 tool, steady turn", dig(wire, "tools", "ratio"), "x", 1.1),
        row("Runner.run / create(), CPU, single", dig(wire, "single", "ratio"), "x", 1.0),
        row("large answer, SDK ms per MB, ASCII", _per_mb(large, "ascii"), " ms", 5.0),
        row("large answer, SDK ms per MB, CJK", _per_mb(large, "cjk"), " ms", 10.0),
        row(
            "  SDK overhead per turn, single",
            dig(turn, "single", "overhead_ms_per_turn"),
            " ms",
            None,
        ),
        row(
            "  SDK overhead per turn, tool trip",
            dig(turn, "tool", "overhead_ms_per_turn"),
            " ms",
            None,
        ),
        row("  Runner.run / raw, single, vs nginx", dig(turn, "single_nginx", "ratio"), "x", None),
        row("  Runner.run / raw, 1,000, 10 pools", dig(conc, "sharded", "ratio"), "x", None),
        row("  same, CPU time, 1,000 one pool", dig(conc, "one_pool", "cpu_ratio"), "x", None),
        row("  same, CPU time, 1,000 10 pools", dig(conc, "sharded", "cpu_ratio"), "x", None),
    ]
    width = max(len(r[0]) for r in rows)
    print("\nSummary (medians; ratios are SDK over raw client)")
    if parsed.quick:
        print("  (--quick: one or few rounds each; a smoke test, not a measurement)")
    print(f"  {'measure':<{width}}  {'value':>10}  {'target':>10}  result")
    for label, value, target, status in rows:
        print(f"  {label:<{width}}  {value:>10}  {target:>10}  {status}")
    if parsed.json:
        Path(parsed.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
