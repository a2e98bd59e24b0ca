"""Time of ``import agents`` against ``import openai``, each in a fresh interpreter.

``agents`` imports ``openai`` itself, so the difference is what the SDK adds on top of the
client users already pay for. Each repetition starts a new subprocess (no module cache;
the bytecode cache is warmed first), timing only the import statement, and the two
imports alternate so that drift hits both; figures are medians. The modules that
``import agents`` loads beyond ``openai`` are listed by their own import time
(``python -X importtime``), which is where to look when the difference grows.

Usage: python bench/import_time.py [--reps N] [--json FILE]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

from _support import median
from _support import spread
from _support import verdict
from _support import write_json

TARGET_S = 0.15
_TIMER = "import time; t0 = time.perf_counter(); import {module}; print(time.perf_counter() - t0)"


def import_seconds(module: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _TIMER.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return float(out.stdout.strip().splitlines()[-1])


def modules_added_by_agents(top: int) -> tuple[float, list[tuple[float, str]]]:
    """What `import agents` loads after `import openai`: its total ms, and (self ms, module)
    of the slowest modules, slowest first."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import openai; import agents"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rows: list[tuple[float, str]] = []
    total_ms = float("nan")
    after_openai = False
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [p.strip() for p in line.split(":", 1)[1].split("|")]
        if len(parts) != 3 or not parts[0].isdigit():
            continue  # the header line
        self_us, cumulative_us, name = int(parts[0]), int(parts[1]), parts[2]
        if after_openai:
            rows.append((self_us / 1000, name.strip()))
            if name == "agents":
                total_ms = cumulative_us / 1000
        elif name == "openai":  # a top-level module is reported when it finishes
            after_openai = True
    return total_ms, sorted(rows, reverse=True)[:top]


def measure(reps: int) -> dict[str, Any]:
    for module in ("openai", "agents"):  # warm the bytecode cache; not timed
        import_seconds(module)
    times: dict[str, list[float]] = {"openai": [], "agents": []}
    for r in range(reps):
        for module in ("openai", "agents") if r % 2 == 0 else ("agents", "openai"):
            times[module].append(import_seconds(module))
    diffs = [a - o for a, o in zip(times["agents"], times["openai"], strict=True)]
    return {
        "reps": reps,
        "openai_s": median(times["openai"]),
        "agents_s": median(times["agents"]),
        "openai_iqr": spread(times["openai"]),
        "agents_iqr": spread(times["agents"]),
        "difference_s": median(diffs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=9, help="fresh interpreters per module")
    parser.add_argument("--top", type=int, default=8, help="slowest added modules to list")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    results = measure(args.reps)
    total_ms, slowest = modules_added_by_agents(args.top)
    results["agents_after_openai_ms"] = total_ms
    results["added_modules_ms"] = slowest
    diff = results["difference_s"]
    print(f"import time: {args.reps} fresh interpreters each, medians (IQR in brackets)")
    print(f"  import openai  {results['openai_s']:7.3f} s  [{results['openai_iqr']}]")
    print(f"  import agents  {results['agents_s']:7.3f} s  [{results['agents_iqr']}]")
    print(f"  difference     {diff:7.3f} s  target <= {TARGET_S} s  {verdict(diff, TARGET_S)}")
    print(
        f"  with openai already loaded, `import agents` takes {total_ms:.1f} ms (-X importtime);"
        " its slowest modules (self time):"
    )
    for ms, name in results["added_modules_ms"]:
        print(f"    {ms:7.2f} ms  {name}")
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
