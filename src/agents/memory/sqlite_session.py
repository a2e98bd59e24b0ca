"""SQLiteSession: a conversation kept in SQLite, in memory or in a file that survives restarts."""

from __future__ import annotations

import abc
import asyncio
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from typing import TypeVar

from agents._private_files import create_private_file
from agents.items import TResponseInputItem
from agents.memory._codec import decode_rows
from agents.memory._codec import dumps_item
from agents.memory._codec import first_readable
from agents.memory._codec import latest_items
from agents.memory._codec import loads_item
from agents.memory.session import SessionABC
from agents.memory.session_settings import SessionSettings
from agents.memory.session_settings import resolve_session_limit
from agents.memory.session_settings import session_settings_or_default

_T = TypeVar("_T")


def check_table_name(name: str) -> str:
    """Table names go into SQL text, so only plain identifiers are accepted."""
    if not name or not name.replace("_", "").isalnum() or name[0].isdigit():
        raise ValueError(f"Invalid table name {name!r}: use letters, digits and underscores")
    return name


def sqlite_schema(sessions: str, messages: str) -> list[str]:
    """The tables the reference SDK creates, so one database file serves both."""
    return [
        f"""CREATE TABLE IF NOT EXISTS {sessions} (
            session_id TEXT PRIMARY KEY,
            created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)""",
        f"""CREATE TABLE IF NOT EXISTS {messages} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL,
            message_data TEXT NOT NULL,
            created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            FOREIGN KEY (session_id) REFERENCES {sessions} (session_id) ON DELETE CASCADE)""",
        f"""CREATE INDEX IF NOT EXISTS idx_{messages}_session_id
            ON {messages} (session_id, id)""",
    ]


class _SQLiteSessionBase(SessionABC):
    """What both SQLite sessions (this one and the aiosqlite one) are made from: the
    reference's constructor, the checked table names, and a `repr` naming the file."""

    def __init__(
        self,
        session_id: str,
        db_path: str | Path = ":memory:",
        sessions_table: str = "agent_sessions",
        messages_table: str = "agent_messages",
        session_settings: SessionSettings | dict[str, Any] | None = None,
    ) -> None:
        self.session_id = session_id
        self.session_settings = session_settings_or_default(session_settings)
        self.db_path = db_path
        self.sessions_table = check_table_name(sessions_table)
        self.messages_table = check_table_name(messages_table)
        self._closed = False
        self._open()

    @abc.abstractmethod
    def _open(self) -> None:
        """Set up the connection (or what makes it on first use)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(session_id={self.session_id!r}, db_path={self.db_path!r})"

    @property
    def _pop_sql(self) -> str:
        """Deletes this session's newest row, returning its data (parameter: session_id)."""
        return (
            f"DELETE FROM {self.messages_table} WHERE id = (SELECT id FROM "
            f"{self.messages_table} WHERE session_id = ? ORDER BY id DESC LIMIT 1) "
            "RETURNING message_data"
        )


class SQLiteSession(_SQLiteSessionBase):
    """One conversation (`session_id`) in an SQLite database.

    `db_path=":memory:"` keeps it for the life of the object; a file path keeps it across
    processes. Database work runs in a worker thread so the event loop never blocks on disk;
    each `add_items` is one transaction, so a turn is stored whole or not at all, and other
    processes writing the same file wait for it (WAL, busy timeout) instead of failing.
    """

    def _open(self) -> None:
        self._lock = threading.Lock()
        path = str(self.db_path)
        if path != ":memory:" and not path.startswith("file:"):
            create_private_file(path)  # owner-only: it holds the conversation
        self._conn = sqlite3.connect(
            path, check_same_thread=False, timeout=30.0, isolation_level=None
        )
        if path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        with self._lock:
            self._write(self._create_schema)

    def _schema(self) -> list[str]:
        return sqlite_schema(self.sessions_table, self.messages_table)

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        for statement in self._schema():
            conn.execute(statement)
        # Files written by freeagents 0.1 have no updated_at column: add it.
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({self.sessions_table})")}
        if "updated_at" not in columns:
            conn.execute(f"ALTER TABLE {self.sessions_table} ADD COLUMN updated_at TIMESTAMP")

    def _write(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """`work` in one IMMEDIATE transaction: it holds the write lock from its first read."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    async def _in_thread(self, work: Callable[[sqlite3.Connection], _T], write: bool) -> _T:
        def locked() -> _T:
            with self._lock:
                if self._closed:
                    raise RuntimeError(f"{type(self).__name__} is closed")
                return self._write(work) if write else work(self._conn)

        return await asyncio.to_thread(locked)

    def _insert(self, conn: sqlite3.Connection, rows: list[str]) -> None:
        conn.execute(
            f"INSERT OR IGNORE INTO {self.sessions_table} (session_id) VALUES (?)",
            (self.session_id,),
        )
        conn.executemany(
            f"INSERT INTO {self.messages_table} (session_id, message_data) VALUES (?, ?)",
            [(self.session_id, row) for row in rows],
        )
        conn.execute(
            f"UPDATE {self.sessions_table} SET updated_at = CURRENT_TIMESTAMP WHERE session_id = ?",
            (self.session_id,),
        )

    async def _tail(self, count: int) -> list[str | bytes]:
        def work(conn: sqlite3.Connection) -> list[str | bytes]:
            rows = conn.execute(
                f"SELECT message_data FROM {self.messages_table} WHERE session_id = ? "
                "ORDER BY id DESC LIMIT ?",
                (self.session_id, count),
            ).fetchall()
            return [row[0] for row in reversed(rows)]

        return await self._in_thread(work, write=False)

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        limit = resolve_session_limit(limit, self.session_settings)
        if limit is not None:
            return await latest_items(self._tail, limit)

        def work(conn: sqlite3.Connection) -> list[str]:
            rows = conn.execute(
                f"SELECT message_data FROM {self.messages_table} WHERE session_id = ? ORDER BY id",
                (self.session_id,),
            ).fetchall()
            return [row[0] for row in rows]

        return decode_rows(await self._in_thread(work, write=False))

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        if self._closed:
            raise RuntimeError(f"{type(self).__name__} is closed")
        if not items:
            return
        rows = [dumps_item(item) for item in items]
        await self._in_thread(lambda conn: self._insert(conn, rows), write=True)

    async def pop_item(self) -> TResponseInputItem | None:
        def work(conn: sqlite3.Connection) -> TResponseInputItem | None:
            def pop() -> str | None:
                row = conn.execute(self._pop_sql, (self.session_id,)).fetchone()
                return None if row is None else row[0]

            return first_readable(pop)

        return await self._in_thread(work, write=True)

    async def clear_session(self) -> None:
        def work(conn: sqlite3.Connection) -> None:
            for table in (self.messages_table, self.sessions_table):
                conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (self.session_id,))

        await self._in_thread(work, write=True)

    async def _replace_prefix(
        self, read: list[TResponseInputItem], output: list[TResponseInputItem]
    ) -> bool:
        """Swap the oldest stored items, if they still are `read`, for `output`, in one
        transaction; items appended since stay after them. False: history changed, or
        `output` is longer than what it replaces."""
        rows = [dumps_item(item) for item in output]

        def work(conn: sqlite3.Connection) -> bool:
            prefix = conn.execute(
                f"SELECT id, message_data FROM {self.messages_table} WHERE session_id = ? "
                "ORDER BY id LIMIT ?",
                (self.session_id, len(read)),
            ).fetchall()
            ids = [row[0] for row in prefix]
            if len(rows) > len(ids) or [loads_item(row[1]) for row in prefix] != read:
                return False
            conn.execute(
                f"DELETE FROM {self.messages_table} WHERE session_id = ? AND id <= ?",
                (self.session_id, ids[-1]),
            )
            conn.executemany(
                f"INSERT INTO {self.messages_table} (id, session_id, message_data) "
                "VALUES (?, ?, ?)",
                [(i, self.session_id, row) for i, row in zip(ids, rows, strict=False)],
            )
            return True

        return await self._in_thread(work, write=True)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()
