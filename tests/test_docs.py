"""The python examples of README and docs/ run as written (provider hosts pointed at loopback)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from agents.testing import LoopbackProvider

from .guide_blocks import Block
from .guide_blocks import python_blocks

ROOT = Path(__file__).resolve().parents[1]

RUN_ELSEWHERE = {
    "litellm.md": "test_litellm_docs.py",
    "openai.md": "test_responses_docs.py",
    "providers.md": "test_providers_docs.py",
    "scaling.md": "scale/test_scaling_docs.py",
    "sessions.md": "sessions/test_docs_sessions.py",
}
"""Pages whose examples need a server of their own: the test module that runs them."""

NOT_RUN = re.compile(r"^# not-run: (?P<reason>\S.*)$")
"""A block whose first line is `# not-run: <reason>` is shown, not run; the reason is
required (a block cannot be skipped silently)."""


def _pages() -> list[Path]:
    """README and every docs/*.md page with a python example, except those run elsewhere."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [
        page for page in pages if page.name not in RUN_ELSEWHERE and python_blocks(page.read_text())
    ]


DOCS = _pages()


def _blocks() -> list[tuple[Path, Block]]:
    return [(path, block) for path in DOCS for block in python_blocks(path.read_text())]


@pytest.mark.parametrize(
    ("path", "block"), _blocks(), ids=lambda v: v.name if isinstance(v, Path) else v.id
)
def test_doc_example_runs(path: Path, block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = NOT_RUN.match(block.code.splitlines()[0]) if block.code.strip() else None
    if marker is not None:
        pytest.skip(f"{path.name}: not run: {marker.group('reason')}")
    from agents.tracing import DefaultTraceProvider
    from agents.tracing import get_trace_provider

    provider = get_trace_provider()
    assert isinstance(provider, DefaultTraceProvider)
    processors = provider._multi_processor
    monkeypatch.setattr(processors, "_processors", processors._processors)  # examples add some
    with LoopbackProvider("gemini", api_key="doc-key") as gemini:
        monkeypatch.setenv("GEMINI_API_KEY", "doc-key")
        code = block.code.replace("https://generativelanguage.googleapis.com", gemini.url())
        namespace: dict[str, object] = {"__name__": "__doc__"}
        # Examples call asyncio.run themselves, so they run outside the test's loop.
        exec(compile(code, f"<{path.name}:{block.id}>", "exec"), namespace)
        if "generativelanguage" in block.code:
            assert gemini.chat_requests, "the example did not reach the provider"


def test_doc_list_is_complete() -> None:
    """Every page with a python example is run: found here, or by its own test module."""
    assert ROOT / "README.md" in DOCS and len(DOCS) > 5
    tests = Path(__file__).parent
    for page, module in RUN_ELSEWHERE.items():
        assert python_blocks((ROOT / "docs" / page).read_text()), f"{page} has no example"
        assert page in (tests / module).read_text(), f"{module} does not read {page}"
    for path in DOCS:
        for block in python_blocks(path.read_text()):
            first = block.code.splitlines()[0] if block.code.strip() else ""
            if first.startswith("# not-run"):
                assert NOT_RUN.match(first), f"{path.name}:{block.id}: say why it is not run"
    assert not asyncio.iscoroutinefunction(test_doc_example_runs)
