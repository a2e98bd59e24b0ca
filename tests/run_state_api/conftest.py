"""Fixtures of the add_input tests: the approval agents' recorded calls start empty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.approvals.graph import CALLS


@pytest.fixture(autouse=True)
def _fresh_calls() -> Iterator[None]:
    CALLS.clear()
    yield
    CALLS.clear()
