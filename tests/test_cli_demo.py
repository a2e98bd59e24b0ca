"""`freeagents demo` runs as a real process, with no key and no network."""

from __future__ import annotations

from .helpers.cli import cli_env
from .helpers.cli import run_cli


def test_demo_runs_every_step() -> None:
    done = run_cli("demo", env=cli_env())  # no key, and any outside call would fail
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
