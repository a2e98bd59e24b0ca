"""The programs in examples/compat, written for openai-agents, run unchanged on freeagents
against a loopback Chat Completions provider (OPENAI_BASE_URL points at it)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from tests.compat.conftest import KEY

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "compat"

_PATCH = {"type": "update_file", "path": "app.py", "diff": "@@\n-print('hi')\n+print('hello')"}
_RUN = {"commands": ["python3 app.py"], "timeout_ms": None, "max_output_length": None}

SCRIPTS: dict[str, tuple[list[Reply], list[str]]] = {
    "coding_agent.py": (
        [
            Reply(tool_calls=[ToolCall("apply_patch", _PATCH)]),
            Reply(tool_calls=[ToolCall("shell", _RUN)]),
            Reply(text="Done: it prints hello."),
        ],
        ["Done: it prints hello.", "app.py: print('hello')"],
    ),
    "hello_decorators.py": (
        [Reply(tool_calls=[ToolCall("get_weather", {"city": "Tokyo"})]), Reply(text="Sunny.")],
        ["agents ", ": Sunny."],
    ),
    "tool_guardrails.py": (
        [
            Reply(tool_calls=[ToolCall("send_email", {"to": "bob", "text": "key sk-123"})]),
            Reply(text="I removed nothing; the key was blocked."),
        ],
        ["the key was blocked", "block_secrets reject_content"],
    ),
    "max_turns_handler.py": (
        [
            Reply(tool_calls=[ToolCall("search", {"query": "notes"})]),
            Reply(tool_calls=[ToolCall("search", {"query": "meeting"})]),
        ],
        ["Stopped after 4 steps without an answer."],
    ),
}


def test_every_example_is_run() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(SCRIPTS)


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_example_runs_unchanged(name: str, chat_server: LoopbackProvider) -> None:
    replies, expected = SCRIPTS[name]
    chat_server.enqueue(*replies)
    env = {
        **os.environ,
        "OPENAI_BASE_URL": chat_server.base_url,
        "OPENAI_API_KEY": KEY,
        "OPENAI_AGENTS_DISABLE_TRACING": "1",
    }
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    for text in expected:
        assert text in done.stdout
    if name == "coding_agent.py":  # the shell ran the patched file and told the model so
        tool_messages = [
            m for m in chat_server.chat_requests[-1]["messages"] if m["role"] == "tool"
        ]
        assert tool_messages[-1]["content"].strip() == "hello"
