"""SQLiteSession: a conversation kept in SQLite, in memory or in a file that survives restarts."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any, cast

from agents._private_files import create_private_file
from agents.items import TResponseInputItem
from agents.memory.session import SessionABC

logger = logging.getLogger("openai.agents")


class SQLiteSession(SessionABC):
    """One conversation (`session_id`) in an SQLite database.

    `db_path=":memory:"` keeps it for the life of the object; a file path keeps it across
    processes. Database work runs in a worker thread so the event loop never blocks on disk.
    """

    def __init__(
        self,
        session_id: str,
        db_path: str | Path = ":memory:",
        sessions_table: str = "agent_sessions",
        messages_table: str = "agent_messages",
    ) -> None:
        for table in (sessions_table, messages_table):
            if not table.replace("_", "").isalnum():
                raise ValueError(f"Invalid SQLite table name {table!r}")
        self.session_id = session_id
        self.db_path = str(db_path)
        self._sessions = sessions_table
        self._messages = messages_table
        self._lock = threading.Lock()
        self.skipped_rows = 0
        """Stored rows that could not be read back as items (skipped, and logged)."""
        if self.db_path != ":memory:" and not self.db_path.startswith("file:"):
            create_private_file(self.db_path)  # owner-only: it holds the conversation
        self._conn = sqlite3.connect(self.db_path, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL" if self.db_path != ":memory:" else "SELECT 1")
        self._conn.executescript(
            f"""
            CREATE TABLE IF NOT EXISTS {self._sessions} (
                session_id TEXT PRIMARY KEY,
                created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
            );
            CREATE TABLE IF NOT EXISTS {self._messages} (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                session_id TEXT NOT NULL,
                message_data TEXT NOT NULL,
                created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
            );
            CREATE INDEX IF NOT EXISTS idx_{self._messages}_session
                ON {self._messages} (session_id, id);
            """
        )
        self._conn.commit()

    def __repr__(self) -> str:
        return f"SQLiteSession(session_id={self.session_id!r}, db_path={self.db_path!r})"

    def _run(self, work: Any) -> Any:
        with self._lock:
            return work(self._conn)

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        def work(conn: sqlite3.Connection) -> list[TResponseInputItem]:
            if limit is None:
                rows = conn.execute(
                    f"SELECT message_data FROM {self._messages} WHERE session_id = ? ORDER BY id",
                    (self.session_id,),
                ).fetchall()
            else:
                rows = conn.execute(
                    f"SELECT message_data FROM {self._messages} WHERE session_id = ? "
                    "ORDER BY id DESC LIMIT ?",
                    (self.session_id, limit),
                ).fetchall()[::-1]
            return self._parse_rows([row[0] for row in rows])

        return cast(list[TResponseInputItem], await asyncio.to_thread(self._run, work))

    def _parse_rows(self, rows: list[Any]) -> list[TResponseInputItem]:
        """The stored items; a row that is not an item (a write cut short, a hand edit) is
        skipped, logged and counted in `skipped_rows`, so one bad row does not make the whole
        conversation unreadable."""
        items: list[TResponseInputItem] = []
        for data in rows:
            try:
                item = json.loads(data)
            except (json.JSONDecodeError, TypeError):
                item = None
            if not isinstance(item, dict):
                self.skipped_rows += 1
                logger.warning(
                    "SQLiteSession %r: skipped a stored item that is not valid JSON (%d so far)",
                    self.session_id,
                    self.skipped_rows,
                )
                continue
            items.append(cast(TResponseInputItem, item))
        return items

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        if not items:
            return
        payload = [(self.session_id, json.dumps(item, default=str)) for item in items]

        def work(conn: sqlite3.Connection) -> None:
            with conn:  # one transaction: all of a turn's items, or none
                conn.execute(
                    f"INSERT OR IGNORE INTO {self._sessions} (session_id) VALUES (?)",
                    (self.session_id,),
                )
                conn.executemany(
                    f"INSERT INTO {self._messages} (session_id, message_data) VALUES (?, ?)",
                    payload,
                )

        await asyncio.to_thread(self._run, work)

    async def pop_item(self) -> TResponseInputItem | None:
        def work(conn: sqlite3.Connection) -> TResponseInputItem | None:
            with conn:
                row = conn.execute(
                    f"SELECT id, message_data FROM {self._messages} WHERE session_id = ? "
                    "ORDER BY id DESC LIMIT 1",
                    (self.session_id,),
                ).fetchone()
                if row is None:
                    return None
                conn.execute(f"DELETE FROM {self._messages} WHERE id = ?", (row[0],))
                return cast(TResponseInputItem, json.loads(row[1]))

        return cast("TResponseInputItem | None", await asyncio.to_thread(self._run, work))

    async def clear_session(self) -> None:
        def work(conn: sqlite3.Connection) -> None:
            with conn:
                conn.execute(
                    f"DELETE FROM {self._messages} WHERE session_id = ?", (self.session_id,)
                )
                conn.execute(
                    f"DELETE FROM {self._sessions} WHERE session_id = ?", (self.session_id,)
                )

        await asyncio.to_thread(self._run, work)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
