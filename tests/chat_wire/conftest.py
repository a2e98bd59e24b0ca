"""One scripted Chat Completions server for the wire-path tests, started once per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from agents.testing import LoopbackProvider

KEY = "sk-chat-wire-secret-0123456789abcdef"


@pytest.fixture(scope="session")
def _server() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("wire", api_key=KEY) as server:
        yield server


@pytest.fixture
def server(_server: LoopbackProvider) -> LoopbackProvider:
    """The session's server with its request log and script emptied for this test."""
    _server.requests.clear()
    _server._replies.clear()
    _server.wire = type(_server.wire)()
    return _server


@pytest.fixture
def client(server: LoopbackProvider) -> AsyncOpenAI:
    return AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
