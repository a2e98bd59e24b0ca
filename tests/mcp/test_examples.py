"""The programs in examples/mcp run as they are, against a loopback provider.

Each example is started as its own process with only the usual OpenAI variables pointing at
a loopback Chat Completions server driven by a toy model (tests/mcp/toy_model.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agents.testing import LoopbackProvider
from tests.mcp.conftest import KEY
from tests.mcp.toy_model import toy_responder

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "mcp"


@pytest.fixture(scope="module")
def provider() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("loopback", api_key=KEY, responder=toy_responder) as server:
        yield server


@pytest.mark.parametrize(
    ("example", "expected"),
    [
        ("stdio", ["Tools: add, get_weather, get_secret_word", "The weather in Lisbon is sunny"]),
        ("sse", ["Tool said: 29", "Running: What's the secret word?"]),
        ("streamable_http", ["Connected, session ", "Tool said: 29", "weather in Tokyo is sunny"]),
        ("prompt_server", ["Prompt: code_reviewer", "Focus on security", "Resource: # Example"]),
        ("manager", ["Active: http tools, stdio tools", "Failed: broken", "Tool said: 29"]),
    ],
)
def test_example_runs(provider: LoopbackProvider, example: str, expected: list[str]) -> None:
    env = {
        **os.environ,
        "OPENAI_API_KEY": KEY,
        "OPENAI_BASE_URL": provider.base_url,
        "OPENAI_AGENTS_DISABLE_TRACING": "1",
    }
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / example / "main.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for text in expected:
        assert text in done.stdout, done.stdout
    if example == "sse":
        words = ("apple", "banana", "cherry")
        assert any(f"Tool said: {w}" in done.stdout for w in words), done.stdout
