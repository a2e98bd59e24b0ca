"""AsyncSQLiteSession: SQLiteSession's tables, driven through aiosqlite on the event loop."""

from __future__ import annotations

import asyncio
import sqlite3

from agents.extensions.memory._optional import missing_extra

try:
    import aiosqlite
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    missing_extra("AsyncSQLiteSession", "aiosqlite", "sqlalchemy", exc)

from agents._private_files import create_private_file
from agents.items import TResponseInputItem
from agents.memory._codec import decode_rows
from agents.memory._codec import dumps_item
from agents.memory._codec import first_readable_async
from agents.memory._codec import latest_items
from agents.memory._codec import loads_item
from agents.memory.session_settings import resolve_session_limit
from agents.memory.sqlite_session import _SQLiteSessionBase
from agents.memory.sqlite_session import sqlite_schema

_LOCK_WAIT_SECONDS = 30.0


async def _use_wal(conn: aiosqlite.Connection) -> None:
    """Switch the file to WAL unless it already is, waiting out other connections' locks.

    SQLite answers "database is locked" at once, without the busy handler, when the mode
    switch meets another connection's transaction; sessions opening the same new file at
    the same moment do exactly that.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + _LOCK_WAIT_SECONDS
    delay = 0.005
    while True:
        row = await (await conn.execute("PRAGMA journal_mode")).fetchone()
        if row is not None and str(row[0]).lower() == "wal":
            return
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if loop.time() >= deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.2)


class AsyncSQLiteSession(_SQLiteSessionBase):
    """One conversation in an SQLite file (or `":memory:"`), one connection per session.

    Writes are IMMEDIATE transactions and the connection waits up to 30 s for another
    process's write lock, so concurrent writers queue instead of failing."""

    def _open(self) -> None:
        self._connection: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def _conn(self) -> aiosqlite.Connection:
        if self._closed:
            raise RuntimeError("AsyncSQLiteSession is closed")
        if self._connection is None:
            path = str(self.db_path)
            if path != ":memory:" and not path.startswith("file:"):
                create_private_file(path)  # owner-only: it holds the conversation
            conn = await aiosqlite.connect(path, timeout=30.0, isolation_level=None)
            if path != ":memory:":
                await _use_wal(conn)
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("BEGIN IMMEDIATE")
            for statement in sqlite_schema(self.sessions_table, self.messages_table):
                await conn.execute(statement)
            await conn.execute("COMMIT")
            self._connection = conn
        return self._connection

    async def _tail(self, count: int) -> list[str | bytes]:
        async with self._lock:
            conn = await self._conn()
            cursor = await conn.execute(
                f"SELECT message_data FROM {self.messages_table} WHERE session_id = ? "
                "ORDER BY id DESC LIMIT ?",
                (self.session_id, count),
            )
            rows = await cursor.fetchall()
        return [row[0] for row in reversed(list(rows))]

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        limit = resolve_session_limit(limit, self.session_settings)
        if limit is not None:
            return await latest_items(self._tail, limit)
        async with self._lock:
            conn = await self._conn()
            cursor = await conn.execute(
                f"SELECT message_data FROM {self.messages_table} WHERE session_id = ? ORDER BY id",
                (self.session_id,),
            )
            rows = await cursor.fetchall()
        return decode_rows(row[0] for row in rows)

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        if not items:
            return
        rows = [(self.session_id, dumps_item(item)) for item in items]
        async with self._lock:
            conn = await self._conn()
            await conn.execute("BEGIN IMMEDIATE")
            try:
                await conn.execute(
                    f"INSERT OR IGNORE INTO {self.sessions_table} (session_id) VALUES (?)",
                    (self.session_id,),
                )
                await conn.executemany(
                    f"INSERT INTO {self.messages_table} (session_id, message_data) VALUES (?, ?)",
                    rows,
                )
                await conn.execute(
                    f"UPDATE {self.sessions_table} SET updated_at = CURRENT_TIMESTAMP "
                    "WHERE session_id = ?",
                    (self.session_id,),
                )
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")

    async def pop_item(self) -> TResponseInputItem | None:
        async with self._lock:
            conn = await self._conn()

            async def pop() -> str | None:
                cursor = await conn.execute(self._pop_sql, (self.session_id,))
                row = await cursor.fetchone()
                await cursor.close()
                return None if row is None else row[0]

            return await first_readable_async(pop)

    async def clear_session(self) -> None:
        async with self._lock:
            conn = await self._conn()
            await conn.execute("BEGIN IMMEDIATE")
            for table in (self.messages_table, self.sessions_table):
                await conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (self.session_id,))
            await conn.execute("COMMIT")

    async def _replace_prefix(
        self, read: list[TResponseInputItem], output: list[TResponseInputItem]
    ) -> bool:
        """Swap the oldest stored items, if they still are `read`, for `output` (see
        SQLiteSession._replace_prefix)."""
        rows = [dumps_item(item) for item in output]
        async with self._lock:
            conn = await self._conn()
            await conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = await conn.execute(
                    f"SELECT id, message_data FROM {self.messages_table} WHERE session_id = ? "
                    "ORDER BY id LIMIT ?",
                    (self.session_id, len(read)),
                )
                prefix = list(await cursor.fetchall())
                ids = [row[0] for row in prefix]
                if len(rows) > len(ids) or [loads_item(row[1]) for row in prefix] != read:
                    await conn.execute("ROLLBACK")
                    return False
                await conn.execute(
                    f"DELETE FROM {self.messages_table} WHERE session_id = ? AND id <= ?",
                    (self.session_id, ids[-1]),
                )
                await conn.executemany(
                    f"INSERT INTO {self.messages_table} (id, session_id, message_data) "
                    "VALUES (?, ?, ?)",
                    [(i, self.session_id, row) for i, row in zip(ids, rows, strict=False)],
                )
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")
            return True

    async def close(self) -> None:
        async with self._lock:
            self._closed = True
            if self._connection is not None:
                await self._connection.close()
                self._connection = None
