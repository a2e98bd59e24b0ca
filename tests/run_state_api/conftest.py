"""Fixtures of the run-state tests: the approval agents' recorded calls start empty; a
Responses loopback server (`server`, from the Responses tests' helpers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.approvals.graph import CALLS
from tests.responses_helpers import server as server


@pytest.fixture(autouse=True)
def _fresh_calls() -> Iterator[None]:
    CALLS.clear()
    yield
    CALLS.clear()
