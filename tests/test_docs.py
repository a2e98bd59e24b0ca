"""The python examples of README and docs/ run as written (provider hosts pointed at loopback)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from agents.testing import LoopbackProvider

from .guide_blocks import Block, python_blocks

ROOT = Path(__file__).resolve().parents[1]
DOCS = [
    ROOT / "README.md",
    ROOT / "docs" / "testing.md",
    ROOT / "docs" / "tracing.md",
    ROOT / "docs" / "multi-agent.md",
    ROOT / "docs" / "structured-output.md",
    ROOT / "docs" / "reliability.md",
    ROOT / "docs" / "compatibility.md",
    ROOT / "docs" / "approvals.md",
    ROOT / "docs" / "mcp.md",
]


def _blocks() -> list[tuple[Path, Block]]:
    return [(path, block) for path in DOCS for block in python_blocks(path.read_text())]


@pytest.mark.parametrize(
    ("path", "block"), _blocks(), ids=lambda v: v.name if isinstance(v, Path) else v.id
)
def test_doc_example_runs(path: Path, block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    from agents.tracing import DISPATCHER

    monkeypatch.setattr(DISPATCHER, "_processors", DISPATCHER.processors)  # examples add some
    with LoopbackProvider("gemini", api_key="doc-key") as gemini:
        monkeypatch.setenv("GEMINI_API_KEY", "doc-key")
        code = block.code.replace("https://generativelanguage.googleapis.com", gemini.url())
        namespace: dict[str, object] = {"__name__": "__doc__"}
        # Examples call asyncio.run themselves, so they run outside the test's loop.
        exec(compile(code, f"<{path.name}:{block.id}>", "exec"), namespace)
        if "generativelanguage" in block.code:
            assert gemini.chat_requests, "the example did not reach the provider"


RUN_ELSEWHERE = {
    "litellm.md": "test_litellm_docs.py",
    "openai.md": "test_responses_docs.py",
    "providers.md": "test_providers_docs.py",
    "scaling.md": "scale/test_scaling_docs.py",
    "sessions.md": "sessions/test_docs_sessions.py",
}
"""Pages whose examples need a server of their own: the test module that runs them."""


def test_doc_list_is_complete() -> None:
    """Every page with a python example is run: listed in DOCS, or by its own test module."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    with_code = {path.name for path in pages if python_blocks(path.read_text())}
    listed = {path.name for path in DOCS}
    assert with_code - listed - set(RUN_ELSEWHERE) == set(), "add these pages to DOCS"
    assert listed & set(RUN_ELSEWHERE) == set()
    for path in DOCS:
        assert python_blocks(path.read_text()), f"{path.name} has no python example to run"
    tests = Path(__file__).parent
    for page, module in RUN_ELSEWHERE.items():
        assert page in with_code, f"{page} has no python example any more"
        assert page in (tests / module).read_text(), f"{module} does not read {page}"
    assert not asyncio.iscoroutinefunction(test_doc_example_runs)
