"""Every top-level examples/*.py runs without a key or network and prints what it promises.

(examples/compat/ and examples/mcp/ have their own tests.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

EXPECTED = {
    "basic.py": "Agents call models, tools and each other.",
    "tools.py": "tool output: Sunny and 21 C in Lisbon",
    "handoffs.py": "spanish: ¡Hola!",
    "structured_output.py": "name='Lisbon' country='Portugal' population_millions=0.55",
    "streaming.py": "Streams of tokens, one by one.",
    "sessions.py": "Your name is Ada.",
    "multi_provider.py": "requests: 1 to groq, 1 to mistral",
}


def test_every_example_is_checked() -> None:
    assert {p.name for p in EXAMPLES.glob("*.py")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_keyless(name: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["OPENAI_AGENTS_DISABLE_TRACING"] = "1"
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=EXAMPLES.parent,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert EXPECTED[name] in done.stdout
    assert "Traceback" not in done.stderr
