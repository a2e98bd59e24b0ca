"""docs/providers.md: its table is the code's, and its examples run as written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from agents.models.providers.catalogue import list_providers
from agents.models.providers.catalogue import provider_table_markdown
from agents.models.providers.catalogue import unregister_provider
from agents.testing import LoopbackProvider

from .guide_blocks import Block
from .guide_blocks import python_blocks

DOC = Path(__file__).resolve().parents[1] / "docs" / "providers.md"
KEY = "doc-provider-key-0123456789"
# Hosts in the examples that are not in the table: where they are served in the test.
EXTRA_HOSTS = {"https://llm.acme.example": "acme", "https://mistral-proxy.example": "mistral"}


def test_table_is_generated_from_the_profiles() -> None:
    text = DOC.read_text()
    match = re.search(
        r"<!-- provider-table:start -->\n(.*?)<!-- provider-table:end -->", text, re.DOTALL
    )
    assert match is not None
    assert match.group(1) == provider_table_markdown(), (
        "docs/providers.md is out of date: paste provider_table_markdown() between the markers"
    )


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, LoopbackProvider]]:
    """A loopback server for every table provider (and the examples' own), reached the way
    users reach the real ones: through the key variable and <NAME>_BASE_URL."""
    with ExitStack() as stack:
        found: dict[str, LoopbackProvider] = {}
        for spec in list_providers():
            server = stack.enter_context(LoopbackProvider(spec.name))
            found[spec.name] = server
            monkeypatch.setenv(spec.base_url_env, server.base_url)
            if spec.api_key_env:
                monkeypatch.setenv(spec.api_key_env, KEY)
        found["acme"] = stack.enter_context(LoopbackProvider("acme", api_key=KEY))
        monkeypatch.setenv("ACME_API_KEY", KEY)
        yield found
    unregister_provider("acme")


@pytest.mark.parametrize("block", python_blocks(DOC.read_text()), ids=lambda b: b.id)
def test_example_runs(block: Block, servers: dict[str, LoopbackProvider]) -> None:
    code = block.code
    for host, name in EXTRA_HOSTS.items():
        code = code.replace(host, servers[name].url())
    exec(compile(code, f"<providers.md:{block.id}>", "exec"), {"__name__": "__doc__"})
    reached = {name for name, server in servers.items() if server.chat_requests}
    named = set(re.findall(r'model="([a-z]+)/', block.code)) - {"openai", "litellm"}
    named |= {name for host, name in EXTRA_HOSTS.items() if host in block.code}
    assert named <= reached, f"the example did not reach {sorted(named - reached)}"
    assert named, "each example names a provider"


def test_every_example_is_collected() -> None:
    assert len(python_blocks(DOC.read_text())) >= 4
