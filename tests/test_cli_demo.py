"""`freeagents demo` runs as a real process, with no key and no network."""

from __future__ import annotations

import os
import subprocess
import sys


def test_demo_runs_every_step() -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["HTTPS_PROXY"] = env["HTTP_PROXY"] = "http://127.0.0.1:9"  # any outside call would fail
    env["NO_PROXY"] = "127.0.0.1,localhost"
    done = subprocess.run(
        [sys.executable, "-m", "agents.cli", "demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for expected in (
        "gemini / gemini-2.5-flash",
        "groq / llama-3.1-8b-instant: It is sunny and 22 C in Paris today.",
        "city='Paris' country='France' population_millions=2.1",
        "Multi-model route: smart",
        "gemini / gemini-2.5-pro",
    ):
        assert expected in out
    usage_rows = out.split("Usage", 1)[1].strip().splitlines()
    assert len(usage_rows) == 2 + 6
    assert "Function tool (Groq)" in usage_rows[3] and " 2 " in usage_rows[3]
