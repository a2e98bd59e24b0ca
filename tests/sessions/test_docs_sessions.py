"""docs/sessions.md runs as written, its Postgres and Redis examples against the test servers
(through the DATABASE_URL / REDIS_URL variables the examples read)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.guide_blocks import Block
from tests.guide_blocks import python_blocks

PAGE = Path(__file__).resolve().parents[2] / "docs" / "sessions.md"
BLOCKS = python_blocks(PAGE.read_text())


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_sessions_doc_block_runs(
    block: Block, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "DATABASE_URL" in block.code:
        monkeypatch.setenv("DATABASE_URL", request.getfixturevalue("postgres_url"))
    if "REDIS_URL" in block.code:
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("redis_url"))
    monkeypatch.chdir(tmp_path)  # files the examples create land in a temporary directory
    namespace: dict[str, object] = {"__name__": "__doc__"}
    exec(compile(block.code, f"<sessions.md:{block.id}>", "exec"), namespace)
    assert os.getcwd() == str(tmp_path)


def test_every_section_has_an_example() -> None:
    assert len(BLOCKS) >= 8
