"""What each back-end does beyond the shared suite: damaged rows, TTLs, keys, branches."""

from __future__ import annotations

import sqlite3
import time
import types
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from agents import UserError
from agents.extensions.memory import AdvancedSQLiteSession
from agents.extensions.memory import EncryptedSession
from agents.extensions.memory import RedisSession
from agents.extensions.memory import SQLAlchemySession
from agents.memory import SQLiteSession


def msg(text: str, role: str = "user") -> Any:
    return {"role": role, "content": text}


async def test_sqlite_skips_damaged_rows(tmp_path: Path) -> None:
    session = SQLiteSession("s", tmp_path / "s.db")
    await session.add_items([msg("a"), msg("b")])
    with sqlite3.connect(tmp_path / "s.db") as conn:
        conn.execute("INSERT INTO agent_messages (session_id, message_data) VALUES ('s', '{bad')")
        conn.execute("INSERT INTO agent_messages (session_id, message_data) VALUES ('s', '[1]')")
    assert await session.get_items() == [msg("a"), msg("b")]
    assert await session.get_items(limit=1) == [msg("b")]  # the limit counts readable items
    assert await session.pop_item() == msg("b")  # damaged rows on top are dropped on the way
    assert await session.get_items() == [msg("a")]


async def test_postgres_skips_damaged_rows_and_reads_reference_tables(postgres_url: str) -> None:
    from sqlalchemy import text

    session = SQLAlchemySession.from_url("dmg", url=postgres_url, create_tables=True)
    try:
        await session.add_items([msg("a")])
        async with session.engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO agent_messages (session_id, message_data) VALUES ('dmg', 'x')")
            )
            columns = await conn.execute(
                text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = 'agent_messages' ORDER BY ordinal_position"
                )
            )
            assert [c[0] for c in columns] == ["id", "session_id", "message_data", "created_at"]
        assert await session.get_items() == [msg("a")]
        assert await session.pop_item() == msg("a")
        assert await session.pop_item() is None
    finally:
        await session.clear_session()
        await session.engine.dispose()


async def test_sqlalchemy_needs_an_async_engine() -> None:
    from sqlalchemy import create_engine

    with pytest.raises(UserError, match="AsyncEngine"):
        SQLAlchemySession("s", engine=create_engine("sqlite://"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="table name"):
        SQLiteSession("s", sessions_table="x; DROP TABLE y")


async def test_redis_ttl_prefix_and_damaged_entries(redis_url: str) -> None:
    session = RedisSession.from_url("ttl", url=redis_url, key_prefix="app:chats", ttl=60)
    try:
        await session.add_items([msg("a")])
        client = session._redis
        assert 0 < await client.ttl("app:chats:ttl:messages") <= 60
        assert 0 < await client.ttl("app:chats:ttl") <= 60
        await client.rpush("app:chats:ttl:messages", b"\xff not json")
        assert await session.get_items() == [msg("a")]
        assert await session.pop_item() == msg("a")
        assert await session.ping()
        with pytest.raises(UserError, match="ttl"):
            RedisSession("x", redis_client=client, ttl=0)
    finally:
        await session.clear_session()
        await session.close()
    with pytest.raises(RuntimeError, match="closed"):
        await session.get_items()


async def test_redis_ttl_expires_the_conversation(redis_url: str) -> None:
    session = RedisSession.from_url("expiring", url=redis_url, ttl=1)
    try:
        await session.add_items([msg("a")])
        await session._redis.pexpire(session._messages_key, 50)  # fast-forward the clock
        time.sleep(0.1)
        assert await session.get_items() == []
    finally:
        await session.close()


async def test_encrypted_keys_tampering_and_expiry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = Fernet.generate_key().decode()
    store = SQLiteSession("e", tmp_path / "e.db")
    session = EncryptedSession("e", store, key, ttl=600)
    await session.add_items([msg("secret one"), msg("secret two")])
    stored = await store.get_items()
    assert all(s["__enc__"] == 1 and "secret" not in str(s) for s in stored)  # type: ignore[index]
    assert await session.get_items() == [msg("secret one"), msg("secret two")]

    # another session id derives another key: the same ciphertext does not open
    assert await EncryptedSession("other", store, key).get_items() == []
    wrong = EncryptedSession("e", store, Fernet.generate_key().decode())
    assert await wrong.get_items() == []
    with pytest.raises(UserError, match="cannot be decrypted"):
        await wrong.pop_item()
    assert len(await store.get_items()) == 2  # the unreadable item was put back, not lost

    tampered = dict(stored[0])  # type: ignore[arg-type]
    tampered["payload"] = tampered["payload"][:-4] + "AAAA"
    await store.add_items([tampered, msg("plain text")])  # type: ignore[list-item]
    assert await session.get_items() == [msg("secret one"), msg("secret two")]
    assert await session.get_items(limit=1) == [msg("secret two")]

    later = types.SimpleNamespace(time=lambda: time.time() + 601)
    monkeypatch.setattr("cryptography.fernet.time", later)  # ten minutes pass
    assert await session.get_items() == []
    await store.clear_session()


async def test_encrypted_passes_through_and_validates(tmp_path: Path) -> None:
    store = SQLiteSession("e", tmp_path / "e.db")
    session = EncryptedSession("e", store, "a raw passphrase", ttl=60, max_scan_items=3)
    assert session.db_path == store.db_path  # the back-end's own attributes stay reachable
    await session.add_items([msg(str(n)) for n in range(5)])
    assert len(await session.get_items(limit=2)) == 2
    with pytest.raises(UserError, match="max_scan_items"):
        await session.get_items()
    with pytest.raises(UserError, match="encryption_key"):
        EncryptedSession("e", store, "")


async def test_advanced_branches_turns_and_usage(tmp_path: Path) -> None:
    session = AdvancedSQLiteSession(session_id="adv", db_path=tmp_path / "a.db", create_tables=True)
    call = {"type": "function_call", "call_id": "c", "name": "lookup", "arguments": "{}"}
    output = {"type": "function_call_output", "call_id": "c", "output": "ok"}
    await session.add_items([msg("plan a trip"), call, output, msg("done", "assistant")])  # type: ignore[list-item]
    await session.add_items([msg("to Oslo please"), msg("booked", "assistant")])
    turns = await session.get_conversation_turns()
    assert [(t["turn"], t["full_content"]) for t in turns] == [
        (1, "plan a trip"),
        (2, "to Oslo please"),
    ]
    assert await session.get_tool_usage() == [("lookup", 1, 1)]
    by_turn = await session.get_conversation_by_turns()
    assert [e["type"] for e in by_turn[1]] == [
        "user",
        "function_call",
        "function_call_output",
        "assistant",
    ]

    branch = await session.create_branch_from_content("oslo", "try-bergen")
    assert branch == "try-bergen"
    assert len(await session.get_items()) == 4  # turn 1 only: turn 2 is asked again
    await session.add_items([msg("to Bergen please")])
    assert (await session.get_items())[-1] == msg("to Bergen please")
    branches = {b["branch_id"]: b for b in await session.list_branches()}
    assert branches["try-bergen"]["is_current"] and branches["main"]["message_count"] == 6
    with pytest.raises(ValueError, match="already exists"):
        await session.create_branch_from_turn(1, "try-bergen")
    with pytest.raises(ValueError, match="no user message"):
        await session.create_branch_from_turn(9)

    assert len(await session.get_items(branch_id="main")) == 6
    await session.switch_to_branch("main")
    assert (await session.get_items())[-1] == msg("booked", "assistant")
    with pytest.raises(ValueError, match="does not exist"):
        await session.switch_to_branch("nope")
    await session.delete_branch("try-bergen")
    assert [b["branch_id"] for b in await session.list_branches()] == ["main"]
    with pytest.raises(ValueError, match="main"):
        await session.delete_branch("main")
    assert await session.pop_item() == msg("booked", "assistant")
    await session.clear_session()
    assert await session.get_items() == [] and await session.get_session_usage() is None


@pytest.mark.parametrize(
    "kind", ["sqlite", "async_sqlite", "sqlalchemy_sqlite", "sqlalchemy_postgres", "redis"]
)
async def test_prefix_replacement_keeps_later_appends(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """What OpenAIResponsesCompactionSession relies on: the items it read are swapped for the
    compacted ones in one transaction; an item appended meanwhile stays, after them; a
    history that changed under it is left alone."""
    from tests.sessions.backends import close_session
    from tests.sessions.backends import make_session
    from tests.sessions.backends import needs

    env = {"dir": str(tmp_path)}
    if needs(kind) == "postgres":
        env["pg_url"] = request.getfixturevalue("postgres_url")
    elif needs(kind) == "redis":
        env["redis_url"] = request.getfixturevalue("redis_url")
    session: Any = make_session(kind, f"prefix-{kind}", env)
    try:
        await session.add_items([msg(str(n)) for n in range(4)])
        read = await session.get_items()
        await session.add_items([msg("appended meanwhile")])
        assert await session._replace_prefix(read, [msg("summary")])
        assert await session.get_items() == [msg("summary"), msg("appended meanwhile")]
        assert not await session._replace_prefix(read, [msg("stale")])
        assert await session.get_items() == [msg("summary"), msg("appended meanwhile")]
    finally:
        await session.clear_session()
        await close_session(session)


async def test_sqlite_opens_a_file_from_before_updated_at(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "old.db") as conn:
        conn.execute("CREATE TABLE agent_sessions (session_id TEXT PRIMARY KEY, created_at TEXT)")
        conn.execute(
            "CREATE TABLE agent_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "session_id TEXT NOT NULL, message_data TEXT NOT NULL, created_at TEXT)"
        )
        conn.execute("INSERT INTO agent_sessions (session_id) VALUES ('old')")
        conn.execute(
            "INSERT INTO agent_messages (session_id, message_data) VALUES ('old', ?)",
            ('{"role": "user", "content": "kept"}',),
        )
    session = SQLiteSession("old", tmp_path / "old.db")
    await session.add_items([msg("new")])
    assert await session.get_items() == [msg("kept"), msg("new")]
