"""SQLAlchemySession: a conversation in any database SQLAlchemy reaches asynchronously
(Postgres through asyncpg, SQLite through aiosqlite, MySQL...).

Every write is one transaction that first locks the conversation's row in the sessions
table, so writers in other tasks or processes queue behind it: a turn's items land together
and in order, and a writer killed mid-turn leaves nothing behind (its transaction rolls back).
"""

from __future__ import annotations

import asyncio
import zlib
from typing import Any

from agents.extensions.memory._optional import missing_extra

try:
    from sqlalchemy import TIMESTAMP
    from sqlalchemy import Column
    from sqlalchemy import ForeignKey
    from sqlalchemy import Index
    from sqlalchemy import Integer
    from sqlalchemy import MetaData
    from sqlalchemy import String
    from sqlalchemy import Table
    from sqlalchemy import Text
    from sqlalchemy import delete
    from sqlalchemy import event
    from sqlalchemy import func
    from sqlalchemy import insert
    from sqlalchemy import select
    from sqlalchemy import text
    from sqlalchemy import update
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.ext.asyncio import AsyncConnection
    from sqlalchemy.ext.asyncio import AsyncEngine
    from sqlalchemy.ext.asyncio import create_async_engine
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    missing_extra("SQLAlchemySession", "sqlalchemy", "sqlalchemy", exc)

from agents.items import TResponseInputItem
from agents.memory._codec import decode_rows
from agents.memory._codec import dumps_item
from agents.memory._codec import first_readable_async
from agents.memory._codec import latest_items
from agents.memory._codec import loads_item
from agents.memory.session import SessionABC
from agents.memory.session_settings import SessionSettings
from agents.memory.session_settings import resolve_session_limit
from agents.memory.session_settings import session_settings_or_default
from agents.memory.sqlite_session import check_table_name

_SQLITE_BUSY_TIMEOUT_MS = 30_000


def _configure_sqlite(engine: AsyncEngine) -> None:
    """SQLite writers from other processes wait for the lock instead of failing at once."""
    if engine.dialect.name != "sqlite" or getattr(engine.sync_engine, "_freeagents", False):
        return

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    engine.sync_engine._freeagents = True  # type: ignore[attr-defined]


class SQLAlchemySession(SessionABC):
    """One conversation in the `agent_sessions` / `agent_messages` tables of an async engine.

    The tables are the reference SDK's, so both read the same database. With
    `create_tables=True` they are created on first use (for development; use migrations in
    production).
    """

    def __init__(
        self,
        session_id: str,
        *,
        engine: AsyncEngine,
        create_tables: bool = False,
        sessions_table: str = "agent_sessions",
        messages_table: str = "agent_messages",
        session_settings: SessionSettings | dict[str, Any] | None = None,
        ensure_ascii: bool = True,
    ) -> None:
        if not isinstance(engine, AsyncEngine):
            from agents.exceptions import UserError

            raise UserError(
                "SQLAlchemySession needs an AsyncEngine (sqlalchemy.ext.asyncio."
                "create_async_engine with an async driver such as postgresql+asyncpg:// or "
                f"sqlite+aiosqlite://), got {type(engine).__name__}"
            )
        self.session_id = session_id
        self.session_settings = session_settings_or_default(session_settings)
        self._engine = engine
        self._ensure_ascii = ensure_ascii
        self._create_tables = create_tables
        _configure_sqlite(engine)
        self._metadata = MetaData()
        self._sessions = Table(
            check_table_name(sessions_table),
            self._metadata,
            Column("session_id", String, primary_key=True),
            Column("created_at", TIMESTAMP, server_default=text("CURRENT_TIMESTAMP")),
            Column("updated_at", TIMESTAMP, server_default=text("CURRENT_TIMESTAMP")),
        )
        self._messages = Table(
            check_table_name(messages_table),
            self._metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column(
                "session_id",
                String,
                ForeignKey(f"{sessions_table}.session_id", ondelete="CASCADE"),
                nullable=False,
            ),
            Column("message_data", Text, nullable=False),
            Column("created_at", TIMESTAMP, server_default=text("CURRENT_TIMESTAMP")),
            Index(f"idx_{messages_table}_session_id", "session_id", "id"),
            sqlite_autoincrement=True,
        )

    @classmethod
    def from_url(
        cls,
        session_id: str,
        *,
        url: str,
        engine_kwargs: dict[str, Any] | None = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> SQLAlchemySession:
        """A session on a new engine for `url` (e.g. "postgresql+asyncpg://u:p@host/db")."""
        engine = create_async_engine(url, **(engine_kwargs or {}))
        return cls(session_id, engine=engine, session_settings=session_settings, **kwargs)

    @property
    def engine(self) -> AsyncEngine:
        """The engine, for pool inspection or `await session.engine.dispose()`."""
        return self._engine

    def __repr__(self) -> str:
        url = self._engine.url.render_as_string(hide_password=True)
        return f"SQLAlchemySession(session_id={self.session_id!r}, url={url!r})"

    async def _ensure_tables(self) -> None:
        if not self._create_tables:
            return
        for attempt in range(5):
            try:
                async with self._engine.begin() as conn:
                    if conn.dialect.name == "postgresql":
                        # Concurrent creators collide in Postgres's catalog even with IF NOT
                        # EXISTS; an advisory lock per table pair makes them take turns.
                        name = f"{self._sessions.name}/{self._messages.name}"
                        await conn.execute(
                            select(func.pg_advisory_xact_lock(zlib.crc32(name.encode())))
                        )
                    await conn.run_sync(self._metadata.create_all)
                break
            except DBAPIError:
                # Another writer created them between our check and our CREATE, or (SQLite
                # WAL) committed after our check so our snapshot cannot write: the next pass
                # sees the tables and creates nothing.
                if attempt == 4:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        self._create_tables = False

    async def _lock_session(self, conn: AsyncConnection, *, create: bool) -> bool:
        """Take this conversation's row lock, touching `updated_at` (and creating the row
        if asked); False: there is no row. On Postgres and SQLite one upsert does it all."""
        sessions = self._sessions
        dialect = conn.dialect.name
        touch = {"updated_at": text("CURRENT_TIMESTAMP")}
        if create and dialect in ("postgresql", "sqlite"):
            upsert = (postgresql if dialect == "postgresql" else sqlite).insert(sessions)
            await conn.execute(
                upsert.values(session_id=self.session_id).on_conflict_do_update(
                    index_elements=[sessions.c.session_id], set_=touch
                )
            )
            return True
        if create:
            try:
                async with conn.begin_nested():
                    await conn.execute(insert(sessions).values(session_id=self.session_id))
            except IntegrityError:
                pass
        this = sessions.c.session_id == self.session_id
        if dialect == "sqlite":
            # SQLite has no row locks; a write takes the database's write lock at once.
            touched = await conn.execute(update(sessions).where(this).values(touch))
            return bool(touched.rowcount)
        found = await conn.execute(select(sessions.c.session_id).where(this).with_for_update())
        if found.first() is None:
            return False
        await conn.execute(update(sessions).where(this).values(touch))
        return True

    async def _tail(self, count: int) -> list[str | bytes]:
        messages = self._messages
        query = (
            select(messages.c.message_data)
            .where(messages.c.session_id == self.session_id)
            .order_by(messages.c.id.desc())
            .limit(count)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).scalars().all()
        return list(reversed(rows))

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        await self._ensure_tables()
        limit = resolve_session_limit(limit, self.session_settings)
        if limit is not None:
            return await latest_items(self._tail, limit)
        messages = self._messages
        query = (
            select(messages.c.message_data)
            .where(messages.c.session_id == self.session_id)
            .order_by(messages.c.id)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).scalars().all()
        return decode_rows(rows)

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        if not items:
            return
        await self._ensure_tables()
        payload = [
            {
                "session_id": self.session_id,
                "message_data": dumps_item(item, ensure_ascii=self._ensure_ascii),
            }
            for item in items
        ]
        async with self._engine.begin() as conn:
            await self._lock_session(conn, create=True)
            await conn.execute(insert(self._messages), payload)

    async def pop_item(self) -> TResponseInputItem | None:
        await self._ensure_tables()
        messages = self._messages
        latest = (
            select(messages.c.id)
            .where(messages.c.session_id == self.session_id)
            .order_by(messages.c.id.desc())
            .limit(1)
        )
        async with self._engine.begin() as conn:
            if not await self._lock_session(conn, create=False):
                return None

            async def pop() -> str | None:
                row = (await conn.execute(latest)).first()
                if row is None:
                    return None
                data = await conn.execute(
                    select(messages.c.message_data).where(messages.c.id == row.id)
                )
                raw: str = data.scalar_one()
                await conn.execute(delete(messages).where(messages.c.id == row.id))
                return raw

            return await first_readable_async(pop)

    async def _replace_prefix(
        self, read: list[TResponseInputItem], output: list[TResponseInputItem]
    ) -> bool:
        """Swap the oldest stored items, if they still are `read`, for `output`, in one
        transaction under the conversation's lock; items appended since stay after them."""
        await self._ensure_tables()
        messages = self._messages
        rows = [dumps_item(item, ensure_ascii=self._ensure_ascii) for item in output]
        async with self._engine.begin() as conn:
            if not await self._lock_session(conn, create=False):
                return False
            prefix = (
                await conn.execute(
                    select(messages.c.id, messages.c.message_data)
                    .where(messages.c.session_id == self.session_id)
                    .order_by(messages.c.id)
                    .limit(len(read))
                )
            ).all()
            ids = [row.id for row in prefix]
            if len(rows) > len(ids) or [loads_item(row.message_data) for row in prefix] != read:
                return False
            await conn.execute(delete(messages).where(messages.c.id.in_(ids)))
            await conn.execute(
                insert(messages),
                [
                    {"id": i, "session_id": self.session_id, "message_data": row}
                    for i, row in zip(ids, rows, strict=False)
                ],
            )
            return True

    async def clear_session(self) -> None:
        await self._ensure_tables()
        async with self._engine.begin() as conn:
            if not await self._lock_session(conn, create=False):
                return
            await conn.execute(
                delete(self._messages).where(self._messages.c.session_id == self.session_id)
            )
            await conn.execute(
                delete(self._sessions).where(self._sessions.c.session_id == self.session_id)
            )
