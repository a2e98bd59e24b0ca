"""docs/openai.md: every python example runs as written against the loopback Responses API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agents.testing import ResponsesLoopback

from .guide_blocks import Block
from .guide_blocks import python_blocks

DOC = Path(__file__).resolve().parents[1] / "docs" / "openai.md"
BLOCKS = python_blocks(DOC.read_text())
DOC_KEY = "sk-doc-0123456789"


def test_doc_has_the_examples() -> None:
    assert [b.heading for b in BLOCKS] == [
        "Hosted tools",
        "Continuing a conversation on the server",
        "Images and files",
    ]


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_doc_example_runs(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    with ResponsesLoopback("openai", api_key=DOC_KEY) as server:
        monkeypatch.setenv("OPENAI_API_KEY", DOC_KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        namespace: dict[str, Any] = {"__name__": "__doc__"}
        # Examples call asyncio.run themselves, so they run outside any test loop.
        exec(compile(block.code, f"<openai.md:{block.id}>", "exec"), namespace)
        bodies = server.response_requests
        assert bodies, "the example did not reach the Responses API"
        assert all(r.path == "/v1/responses" for r in server.requests)

    if block.heading == "Hosted tools":
        assert bodies[0]["tools"] == [{"type": "web_search", "search_context_size": "low"}]
    elif block.heading == "Continuing a conversation on the server":
        first_id = next(iter(server.stored))
        assert bodies[1]["previous_response_id"] == first_id
        assert bodies[1]["input"] == [{"role": "user", "content": "What is my name?"}]
    else:
        parts = bodies[0]["input"][0]["content"]
        assert [p["type"] for p in parts] == ["input_text", "input_image", "input_file"]
