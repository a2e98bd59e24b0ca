"""Logfire's openai-agents integration (it wraps the trace provider) on freeagents runs.

Logfire configures OpenTelemetry for the whole process, so each run happens in a child
process (`logfire_run.py`) that prints the exported spans.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("logfire", reason="Logfire is not installed (pip install logfire)")

ROOT = Path(__file__).resolve().parents[2]
# One child process runs every route: the tests go to one xdist worker (CI: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("logfire")


ROUTES = {
    "groq": ("groq", "llama-3.3-70b-versatile"),
    "anthropic-litellm": ("anthropic", "anthropic/claude-3-7-sonnet-20250219"),
    "responses": (None, "gpt-4.1"),
}


@pytest.fixture(scope="module")
def logfire_runs() -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """route -> (run summary, exported spans): every route in one child process, which
    pays for importing Logfire and OpenTelemetry once."""
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    env["LOGFIRE_SEND_TO_LOGFIRE"] = "false"
    done = subprocess.run(
        [sys.executable, "-m", "tests.integrations.logfire_run", *ROUTES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    runs = [json.loads(line) for line in done.stdout.strip().splitlines()[-len(ROUTES) :]]
    return {run["route"]: (run["summary"], run["spans"]) for run in runs}


@pytest.mark.parametrize("route", list(ROUTES))
def test_logfire_records_the_run(
    route: str, logfire_runs: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]
) -> None:
    provider, model = ROUTES[route]
    summary, spans = logfire_runs[route]
    assert summary["final"] == "The sum is 3."
    calls = [s["attributes"] for s in spans if s["attributes"].get("gen_ai.request.model")]
    assert len(calls) == 3
    for attrs, (input_tokens, output_tokens) in zip(calls, summary["usages"], strict=True):
        assert attrs["gen_ai.request.model"] == model
        assert attrs["gen_ai.usage.input_tokens"] == input_tokens
        assert attrs["gen_ai.usage.output_tokens"] == output_tokens
        if provider is not None:  # generation spans carry freeagents' provider field
            assert attrs["provider"] == provider
    first = calls[0]
    messages = first.get("request_data") or first.get("events")
    assert "What is 1+2?" in messages
    assert "transfer_to_calc" in json.dumps(first)
    (tool,) = [s["attributes"] for s in spans if s["name"] == "Function: {name}"]
    assert (tool["name"], tool["output"]) == ("add", "3")
    (handoff,) = [s["attributes"] for s in spans if s["name"].startswith("Handoff")]
    assert (handoff["from_agent"], handoff["to_agent"]) == ("triage", "calc")
    agents = {s["attributes"]["name"] for s in spans if s["name"] == "Agent run: {name!r}"}
    assert agents == {"triage", "calc"}
