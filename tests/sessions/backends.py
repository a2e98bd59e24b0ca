"""Every session back-end, built from a kind name and plain settings, so the same factory
serves the tests and the writer processes they start."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from agents.memory import Session
from agents.memory import SQLiteSession

KINDS = [
    "sqlite",
    "async_sqlite",
    "sqlalchemy_sqlite",
    "sqlalchemy_postgres",
    "redis",
    "encrypted",
    "advanced_sqlite",
    "compaction",
]
KEY = "kZ4mM8lH1dWq1m3Yd7bB1gqJr1jvV0o1mQpV1rXyZ2E="


def needs(kind: str) -> str | None:
    """The server a kind needs: "postgres", "redis" or None."""
    return {"sqlalchemy_postgres": "postgres", "redis": "redis"}.get(kind)


def make_session(kind: str, session_id: str, env: dict[str, str]) -> Session:
    folder = Path(env["dir"])
    if kind == "sqlite":
        return SQLiteSession(session_id, folder / "sqlite.db")
    if kind == "async_sqlite":
        from agents.extensions.memory import AsyncSQLiteSession

        return AsyncSQLiteSession(session_id, folder / "async.db")
    if kind == "sqlalchemy_sqlite":
        from agents.extensions.memory import SQLAlchemySession

        url = f"sqlite+aiosqlite:///{folder / 'sqlalchemy.db'}"
        return SQLAlchemySession.from_url(session_id, url=url, create_tables=True)
    if kind == "sqlalchemy_postgres":
        from agents.extensions.memory import SQLAlchemySession

        return SQLAlchemySession.from_url(
            session_id, url=env["pg_url"], create_tables=True, engine_kwargs={"pool_size": 2}
        )
    if kind == "redis":
        from agents.extensions.memory import RedisSession

        return RedisSession.from_url(session_id, url=env["redis_url"])
    if kind == "encrypted":
        from agents.extensions.memory import EncryptedSession

        inner = SQLiteSession(session_id, folder / "encrypted.db")
        return EncryptedSession(session_id, inner, KEY, ttl=3600)
    if kind == "advanced_sqlite":
        from agents.extensions.memory import AdvancedSQLiteSession

        return AdvancedSQLiteSession(session_id=session_id, db_path=folder / "advanced.db")
    if kind == "compaction":
        from agents.memory import CompactionSession

        inner = SQLiteSession(session_id, folder / "compaction.db")
        return CompactionSession(session_id, inner, model="unused", max_tokens=10**9)
    raise ValueError(kind)


async def close_session(session: Any) -> None:
    """Release what the session holds (connections, engines, clients)."""
    for inner in (getattr(session, "underlying_session", None), session):
        if inner is None:
            continue
        engine = getattr(inner, "engine", None)
        if engine is not None:
            await engine.dispose()
            continue
        close = getattr(type(inner), "close", None)
        if close is not None:
            result = close(inner)
            if inspect.isawaitable(result):
                await result
