"""One scripted Chat Completions server for the handoff tests (each test enqueues its own
answers and reads them all)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agents.testing import LoopbackProvider

from ..conftest import TEST_KEY


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("loopback", api_key=TEST_KEY) as provider:
        yield provider
