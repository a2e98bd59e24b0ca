"""Fixtures of the approval tests: the recorded tool calls are cleared before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.approvals.graph import CALLS


@pytest.fixture(autouse=True)
def _fresh_calls() -> Iterator[None]:
    CALLS.clear()
    yield
    CALLS.clear()
