"""Items 8 and 10: a corrupt session row is skipped; files the SDK writes are owner-only."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from agents import Agent
from agents import Runner
from agents import SQLiteSession
from agents import trace
from agents.extensions.memory import AsyncSQLiteSession
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.tracing import BatchTraceProcessor
from agents.tracing import JsonLinesExporter
from agents.tracing import add_trace_processor

from ..conftest import make_model


@pytest.fixture
def server() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("sessions") as running:
        yield running


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual umask: files 0644 unless the SDK says otherwise
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_corrupt_row_is_skipped_logged_and_counted(
    server: LoopbackProvider, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "chat.db"
    session = SQLiteSession("user-1", db)
    agent = Agent(name="a", model=make_model(server))
    server.enqueue(Reply(text="first answer"), Reply(text="second answer"))
    await Runner.run(agent, "first", session=session)
    with sqlite3.connect(db) as conn:  # a write cut short, or a hand edit
        conn.execute(
            "INSERT INTO agent_messages (session_id, message_data) VALUES (?, ?)",
            ("user-1", '{"role": "user", "content": "cut sh'),
        )
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        result = await Runner.run(agent, "second", session=session)
    assert result.final_output == "second answer"
    sent = server.chat_requests[-1]["messages"]
    assert [m["content"] for m in sent] == ["first", "first answer", "second"]
    assert "skipped 1 stored item(s) that are not valid JSON" in caplog.text
    session.close()


@pytest.mark.parametrize("kind", ["SQLiteSession", "AsyncSQLiteSession"])
async def test_session_database_is_owner_only(tmp_path: Path, open_umask: None, kind: str) -> None:
    db = tmp_path / "new" / "dir" / "chat.db"
    session: SQLiteSession | AsyncSQLiteSession = (
        SQLiteSession("s", db) if kind == "SQLiteSession" else AsyncSQLiteSession("s", db)
    )
    await session.add_items([{"role": "user", "content": "secret"}])
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700
    for extra in db.parent.glob("chat.db-*"):  # SQLite's WAL files copy the database's mode
        assert mode(extra) == 0o600
    if isinstance(session, AsyncSQLiteSession):
        await session.close()
    else:
        session.close()


def test_local_trace_file_is_owner_only(
    tmp_path: Path, open_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agents.tracing import DefaultTraceProvider
    from agents.tracing import get_trace_provider

    provider = get_trace_provider()
    assert isinstance(provider, DefaultTraceProvider)
    processors = provider._multi_processor
    monkeypatch.setattr(processors, "_processors", processors._processors)  # restored after
    path = tmp_path / "traces" / "run.jsonl"
    processor = BatchTraceProcessor(JsonLinesExporter(path))
    add_trace_processor(processor)
    try:
        with trace("private"):
            pass
        processor.force_flush()
    finally:
        processor.shutdown()
    assert path.read_text().strip()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
