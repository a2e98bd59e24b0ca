"""docs/litellm.md's python examples run as written.

Only the environment differs: ANTHROPIC_API_BASE points litellm at a loopback Anthropic
Messages API that answers like a model would (a tool call when offered tools, JSON when asked
for a schema, thinking first when thinking is on), and ANTHROPIC_API_KEY is the key it demands.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("agents.extensions.models.litellm_model")  # loads litellm local-only

import litellm

from agents.testing.anthropic_server import AnthropicLoopback
from agents.testing.anthropic_server import AnthropicReply
from agents.testing.anthropic_server import Thinking
from agents.testing.anthropic_server import ToolUse

from .guide_blocks import Block
from .guide_blocks import python_blocks

DOC = Path(__file__).resolve().parents[1] / "docs" / "litellm.md"
BLOCKS = python_blocks(DOC.read_text())
KEY = "sk-ant-docs-0123456789"
SAMPLE = {"string": "Paris", "integer": 2, "number": 2.0, "boolean": True}


def sample(schema: dict[str, Any]) -> dict[str, Any]:
    """An object satisfying a JSON schema's required properties."""
    properties = schema.get("properties", {})
    out: dict[str, Any] = {}
    for name in schema.get("required", list(properties)):
        prop = properties[name]
        kind = prop.get("type")
        out[name] = sample(prop) if kind == "object" else SAMPLE.get(kind, [])
    return out


def like_a_model(body: dict[str, Any]) -> AnthropicReply:
    thinking = [Thinking("Let me think.")] if body.get("thinking") else []
    forced = body.get("tool_choice") or {}
    tools = {tool["name"]: tool for tool in body.get("tools") or []}
    if forced.get("type") == "tool":
        return AnthropicReply(
            tool_uses=[ToolUse(forced["name"], sample(tools[forced["name"]]["input_schema"]))]
        )
    if "output_format" in body:
        return AnthropicReply(text=json.dumps(sample(body["output_format"]["schema"])))
    last = body["messages"][-1]["content"]
    answered = isinstance(last, list) and any(b.get("type") == "tool_result" for b in last)
    if tools and not answered:
        name, tool = next(iter(tools.items()))
        return AnthropicReply(
            thinking=thinking, tool_uses=[ToolUse(name, sample(tool["input_schema"]))]
        )
    return AnthropicReply(thinking=thinking, text="It is sunny in Paris.")


@pytest.fixture
def anthropic(monkeypatch: pytest.MonkeyPatch) -> Iterator[AnthropicLoopback]:
    with AnthropicLoopback(api_key=KEY, responder=like_a_model) as server:
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        monkeypatch.setenv("ANTHROPIC_API_BASE", server.base_url)
        yield server
    litellm.set_verbose = False


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_doc_example_runs(block: Block, anthropic: AnthropicLoopback) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        # Examples call asyncio.run themselves, so they run outside any event loop.
        exec(compile(block.code, f"<litellm.md:{block.id}>", "exec"), {"__name__": "__doc__"})
    if "set_verbose" in block.code:
        return
    assert out.getvalue().strip(), "the example printed nothing"
    if "AnthropicLoopback" not in block.code:
        assert anthropic.message_requests, "the example did not reach the provider"
    assert KEY not in out.getvalue()


def test_doc_has_examples_of_each_feature() -> None:
    code = "\n".join(block.code for block in BLOCKS)
    for feature in (
        "run_streamed",
        "output_type",
        "include_usage",
        '"thinking"',
        "ProviderAuthenticationError",
        "set_verbose",
        "AnthropicLoopback",
    ):
        assert feature in code, feature
