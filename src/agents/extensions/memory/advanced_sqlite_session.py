"""AdvancedSQLiteSession: SQLiteSession with branches, per-turn usage and turn queries.

Each stored item also gets a `message_structure` row: its branch, its position, the user
turn it belongs to (a turn starts at a user message), its type and tool name. A branch from
turn N copies the items before turn N into a new branch and continues there, so a user can
re-ask turn N differently and keep both conversations. `store_run_usage(result)` records a
run's tokens against the current turn (`turn_usage`). The tables are the reference SDK's.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any
from typing import Protocol

from agents.items import TResponseInputItem
from agents.memory._codec import dumps_item
from agents.memory._codec import first_readable
from agents.memory._codec import loads_item
from agents.memory.session_settings import SessionSettings
from agents.memory.session_settings import resolve_session_limit
from agents.memory.sqlite_session import SQLiteSession
from agents.run_context import RunContextWrapper


class RunWithUsage(Protocol):
    """What store_run_usage reads of a RunResult (named structurally: extensions sit below
    the run result in the layers)."""

    @property
    def context_wrapper(self) -> RunContextWrapper[Any]: ...


_PREVIEW = 100


def _message_type(item: Any) -> str:
    if isinstance(item, dict):
        if item.get("role") in ("user", "assistant"):
            return str(item["role"])
        if item.get("type"):
            return str(item["type"])
    return "other"


def _tool_name(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    kind = item.get("type")
    if kind in ("mcp_call", "mcp_approval_request") and item.get("server_label"):
        label, name = item.get("server_label"), item.get("name")
        return f"{label}.{name}" if name else str(label)
    if kind in (
        "computer_call",
        "file_search_call",
        "web_search_call",
        "code_interpreter_call",
        "shell_call",
        "apply_patch_call",
    ):
        return str(kind)
    name = item.get("name")
    return str(name) if name is not None else None


def _preview(content: Any) -> str:
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return text[:_PREVIEW] + "..." if len(text) > _PREVIEW else text


class AdvancedSQLiteSession(SQLiteSession):
    """A conversation with branches and usage analytics, in one SQLite file."""

    def __init__(
        self,
        *,
        session_id: str,
        db_path: str | Path = ":memory:",
        create_tables: bool = False,
        logger: logging.Logger | None = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        # The structure tables are always created if missing (create_tables is accepted for
        # compatibility): without them no branch or usage query could work.
        del create_tables
        self._current_branch_id = "main"
        self._logger = logger or logging.getLogger("agents.memory")
        super().__init__(session_id, db_path, session_settings=session_settings, **kwargs)

    def _schema(self) -> list[str]:
        sessions, messages = self.sessions_table, self.messages_table
        return [
            *super()._schema(),
            f"""CREATE TABLE IF NOT EXISTS message_structure (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                session_id TEXT NOT NULL,
                message_id INTEGER NOT NULL,
                branch_id TEXT NOT NULL DEFAULT 'main',
                message_type TEXT NOT NULL,
                sequence_number INTEGER NOT NULL,
                user_turn_number INTEGER,
                branch_turn_number INTEGER,
                tool_name TEXT,
                created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                FOREIGN KEY (session_id) REFERENCES {sessions}(session_id) ON DELETE CASCADE,
                FOREIGN KEY (message_id) REFERENCES {messages}(id) ON DELETE CASCADE)""",
            f"""CREATE TABLE IF NOT EXISTS turn_usage (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                session_id TEXT NOT NULL,
                branch_id TEXT NOT NULL DEFAULT 'main',
                user_turn_number INTEGER NOT NULL,
                requests INTEGER DEFAULT 0,
                input_tokens INTEGER DEFAULT 0,
                output_tokens INTEGER DEFAULT 0,
                total_tokens INTEGER DEFAULT 0,
                input_tokens_details JSON,
                output_tokens_details JSON,
                created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                FOREIGN KEY (session_id) REFERENCES {sessions}(session_id) ON DELETE CASCADE,
                UNIQUE(session_id, branch_id, user_turn_number))""",
            """CREATE INDEX IF NOT EXISTS idx_structure_branch_seq
                ON message_structure(session_id, branch_id, sequence_number)""",
            """CREATE INDEX IF NOT EXISTS idx_turn_usage_session_turn
                ON turn_usage(session_id, branch_id, user_turn_number)""",
        ]

    # -- the Session protocol, on the current branch -----------------------------------

    def _append(
        self, conn: sqlite3.Connection, branch: str, rows: list[tuple[str, str, str | None]]
    ) -> None:
        """Store (data, type, tool) rows at the end of `branch`, numbering user turns."""
        self._insert(conn, [])
        seq, turn = conn.execute(
            "SELECT COALESCE(MAX(sequence_number), 0), COALESCE(MAX(branch_turn_number), 0) "
            "FROM message_structure WHERE session_id = ? AND branch_id = ?",
            (self.session_id, branch),
        ).fetchone()
        for data, kind, tool in rows:
            message_id = conn.execute(
                f"INSERT INTO {self.messages_table} (session_id, message_data) VALUES (?, ?)",
                (self.session_id, data),
            ).lastrowid
            seq += 1
            turn += 1 if kind == "user" else 0
            conn.execute(
                "INSERT INTO message_structure (session_id, message_id, branch_id, "
                "message_type, sequence_number, user_turn_number, branch_turn_number, "
                "tool_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.session_id, message_id, branch, kind, seq, turn, turn, tool),
            )

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        if not items:
            return
        rows = [(dumps_item(i), _message_type(i), _tool_name(i)) for i in items]
        branch = self._current_branch_id
        await self._in_thread(lambda conn: self._append(conn, branch, rows), write=True)

    def _branch_rows(self, conn: sqlite3.Connection, branch: str) -> list[Any]:
        return conn.execute(
            f"SELECT m.message_data, s.message_type, s.tool_name, s.branch_turn_number, "
            f"s.created_at, s.message_id FROM message_structure s JOIN {self.messages_table} m "
            "ON s.message_id = m.id WHERE s.session_id = ? AND s.branch_id = ? "
            "ORDER BY s.sequence_number",
            (self.session_id, branch),
        ).fetchall()

    async def get_items(
        self, limit: int | None = None, branch_id: str | None = None
    ) -> list[TResponseInputItem]:
        """The items of `branch_id` (the current branch when None), oldest first."""
        limit = resolve_session_limit(limit, self.session_settings)
        branch = branch_id or self._current_branch_id
        rows = await self._in_thread(lambda conn: self._branch_rows(conn, branch), write=False)
        items = [item for item in (loads_item(row[0]) for row in rows) if item is not None]
        if limit is None:
            return items
        return items[-limit:] if limit > 0 else []

    async def pop_item(self) -> TResponseInputItem | None:
        branch = self._current_branch_id

        def work(conn: sqlite3.Connection) -> TResponseInputItem | None:
            def pop() -> str | bytes | None:
                row = conn.execute(
                    f"SELECT s.message_id, m.message_data FROM message_structure s JOIN "
                    f"{self.messages_table} m ON s.message_id = m.id WHERE s.session_id = ? "
                    "AND s.branch_id = ? ORDER BY s.sequence_number DESC LIMIT 1",
                    (self.session_id, branch),
                ).fetchone()
                if row is None:
                    return None
                conn.execute("DELETE FROM message_structure WHERE message_id = ?", (row[0],))
                conn.execute(f"DELETE FROM {self.messages_table} WHERE id = ?", (row[0],))
                data: str | bytes = row[1]
                return data

            return first_readable(pop)

        return await self._in_thread(work, write=True)

    async def clear_session(self) -> None:
        """Forget every branch and all usage of this conversation."""

        def work(conn: sqlite3.Connection) -> None:
            for table in ("message_structure", "turn_usage", self.messages_table):
                conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (self.session_id,))
            conn.execute(
                f"DELETE FROM {self.sessions_table} WHERE session_id = ?", (self.session_id,)
            )

        await self._in_thread(work, write=True)
        self._current_branch_id = "main"

    async def _replace_prefix(
        self, read: list[TResponseInputItem], output: list[TResponseInputItem]
    ) -> bool:
        """Compaction does not rewrite branched history: the structure rows would no longer
        describe it. Use CompactionSession, which only appends, to compact this session."""
        self._logger.warning("AdvancedSQLiteSession history is not replaced by compaction")
        return False

    # -- branches --------------------------------------------------------------------

    async def create_branch_from_turn(
        self, turn_number: int, branch_name: str | None = None
    ) -> str:
        """Copy the items before user turn `turn_number` into a new branch and switch to it.

        Raises ValueError when the turn has no user message or the name is taken."""
        if branch_name is not None and not branch_name.strip():
            raise ValueError("Branch name cannot be empty")
        source = self._current_branch_id
        name = branch_name or f"branch_from_turn_{turn_number}_{int(time.time() * 1000)}"

        def work(conn: sqlite3.Connection) -> None:
            if (
                conn.execute(
                    "SELECT 1 FROM message_structure WHERE session_id = ? AND branch_id = ? "
                    "AND branch_turn_number = ? AND message_type = 'user'",
                    (self.session_id, source, turn_number),
                ).fetchone()
                is None
            ):
                raise ValueError(f"Turn {turn_number} has no user message in branch {source!r}")
            if conn.execute(
                "SELECT 1 FROM message_structure WHERE session_id = ? AND branch_id = ?",
                (self.session_id, name),
            ).fetchone():
                raise ValueError(f"Branch {name!r} already exists")
            rows = [
                (row[0], row[1], row[2])
                for row in self._branch_rows(conn, source)
                if row[3] < turn_number
            ]
            self._append(conn, name, rows)

        await self._in_thread(work, write=True)
        self._current_branch_id = name
        return name

    async def create_branch_from_content(
        self, search_term: str, branch_name: str | None = None
    ) -> str:
        """Branch from the first user turn whose text contains `search_term`."""
        turns = await self.find_turns_by_content(search_term)
        if not turns:
            raise ValueError(f"No user turns found containing '{search_term}'")
        return await self.create_branch_from_turn(turns[0]["turn"], branch_name)

    async def switch_to_branch(self, branch_id: str) -> None:
        """Make `branch_id` the branch reads and writes go to."""
        if branch_id != "main" and not any(
            b["branch_id"] == branch_id for b in await self.list_branches()
        ):
            raise ValueError(f"Branch '{branch_id}' does not exist")
        self._current_branch_id = branch_id

    async def delete_branch(self, branch_id: str, force: bool = False) -> None:
        """Delete a branch's items and usage; the current one only with `force` (then back
        to main). 'main' cannot be deleted."""
        if not branch_id or not branch_id.strip():
            raise ValueError("Branch ID cannot be empty")
        if branch_id == "main":
            raise ValueError("Cannot delete the 'main' branch")
        if branch_id == self._current_branch_id and not force:
            raise ValueError(
                f"Cannot delete the current branch '{branch_id}'; switch branch or force=True"
            )

        def work(conn: sqlite3.Connection) -> None:
            ids = [
                row[0]
                for row in conn.execute(
                    "SELECT message_id FROM message_structure WHERE session_id = ? "
                    "AND branch_id = ?",
                    (self.session_id, branch_id),
                )
            ]
            if not ids:
                raise ValueError(f"Branch '{branch_id}' does not exist")
            conn.execute(
                "DELETE FROM message_structure WHERE session_id = ? AND branch_id = ?",
                (self.session_id, branch_id),
            )
            conn.executemany(f"DELETE FROM {self.messages_table} WHERE id = ?", [(i,) for i in ids])
            conn.execute(
                "DELETE FROM turn_usage WHERE session_id = ? AND branch_id = ?",
                (self.session_id, branch_id),
            )

        await self._in_thread(work, write=True)
        if branch_id == self._current_branch_id:
            self._current_branch_id = "main"

    async def list_branches(self) -> list[dict[str, Any]]:
        """Each branch: branch_id, message_count, user_turns, is_current, created_at."""

        def work(conn: sqlite3.Connection) -> list[Any]:
            return conn.execute(
                "SELECT branch_id, COUNT(*), SUM(message_type = 'user'), MIN(created_at) "
                "FROM message_structure WHERE session_id = ? GROUP BY branch_id "
                "ORDER BY MIN(id)",
                (self.session_id,),
            ).fetchall()

        rows = await self._in_thread(work, write=False)
        return [
            {
                "branch_id": row[0],
                "message_count": row[1],
                "user_turns": row[2] or 0,
                "is_current": row[0] == self._current_branch_id,
                "created_at": row[3],
            }
            for row in rows
        ]

    # -- turn queries ----------------------------------------------------------------

    async def get_conversation_turns(self, branch_id: str | None = None) -> list[dict[str, Any]]:
        """The user turns: turn, content (a preview), full_content, timestamp, can_branch."""
        branch = branch_id or self._current_branch_id
        rows = await self._in_thread(lambda conn: self._branch_rows(conn, branch), write=False)
        turns = []
        for data, kind, _tool, turn, created, _id in rows:
            item = loads_item(data) if kind == "user" else None
            if item is None:
                continue
            content = item.get("content", "")
            turns.append(
                {
                    "turn": turn,
                    "content": _preview(content),
                    "full_content": content,
                    "timestamp": created,
                    "can_branch": True,
                }
            )
        return turns

    async def find_turns_by_content(
        self, search_term: str, branch_id: str | None = None
    ) -> list[dict[str, Any]]:
        """The user turns whose text contains `search_term` (case-insensitive)."""
        wanted = search_term.lower()
        return [
            turn
            for turn in await self.get_conversation_turns(branch_id)
            if wanted in _preview(turn["full_content"]).lower()
            or wanted in json.dumps(turn["full_content"], ensure_ascii=False).lower()
        ]

    async def get_conversation_by_turns(
        self, branch_id: str | None = None
    ) -> dict[int, list[dict[str, str | None]]]:
        """{turn: [{"type": ..., "tool_name": ...}, ...]} for the branch."""
        branch = branch_id or self._current_branch_id
        rows = await self._in_thread(lambda conn: self._branch_rows(conn, branch), write=False)
        grouped: dict[int, list[dict[str, str | None]]] = {}
        for _data, kind, tool, turn, _created, _id in rows:
            grouped.setdefault(turn, []).append({"type": kind, "tool_name": tool})
        return grouped

    async def get_tool_usage(self, branch_id: str | None = None) -> list[tuple[str, int, int]]:
        """(tool_name, calls, turn) for each tool called in each turn of the branch."""
        counts: dict[tuple[str, int], int] = {}
        for turn, entries in (await self.get_conversation_by_turns(branch_id)).items():
            for entry in entries:
                tool, kind = entry["tool_name"], entry["type"] or ""
                if tool and not kind.endswith("_output"):
                    counts[(tool, turn)] = counts.get((tool, turn), 0) + 1
        return [(tool, count, turn) for (tool, turn), count in counts.items()]

    # -- usage -----------------------------------------------------------------------

    async def store_run_usage(self, result: RunWithUsage) -> None:
        """Record the run's usage against the current user turn (adding to what a turn
        already has, for runs that continue it)."""
        usage = result.context_wrapper.usage
        branch = self._current_branch_id
        details = [
            json.dumps(d.model_dump()) if hasattr(d, "model_dump") else None
            for d in (usage.input_tokens_details, usage.output_tokens_details)
        ]

        def work(conn: sqlite3.Connection) -> None:
            turn = conn.execute(
                "SELECT COALESCE(MAX(branch_turn_number), 0) FROM message_structure "
                "WHERE session_id = ? AND branch_id = ?",
                (self.session_id, branch),
            ).fetchone()[0]
            self._insert(conn, [])
            conn.execute(
                "INSERT INTO turn_usage (session_id, branch_id, user_turn_number, requests, "
                "input_tokens, output_tokens, total_tokens, input_tokens_details, "
                "output_tokens_details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(session_id, branch_id, user_turn_number) DO UPDATE SET "
                "requests = requests + excluded.requests, "
                "input_tokens = input_tokens + excluded.input_tokens, "
                "output_tokens = output_tokens + excluded.output_tokens, "
                "total_tokens = total_tokens + excluded.total_tokens, "
                "input_tokens_details = excluded.input_tokens_details, "
                "output_tokens_details = excluded.output_tokens_details",
                (
                    self.session_id,
                    branch,
                    turn,
                    usage.requests,
                    usage.input_tokens,
                    usage.output_tokens,
                    usage.total_tokens,
                    *details,
                ),
            )

        try:
            await self._in_thread(work, write=True)
        except sqlite3.Error:
            # Usage is analytics: failing to record it must not fail the user's run.
            self._logger.exception("Could not store run usage for session %s", self.session_id)

    async def get_session_usage(self, branch_id: str | None = None) -> dict[str, int] | None:
        """Totals over the branch (every branch when None), or None when nothing is stored."""
        query = (
            "SELECT SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(total_tokens), "
            "COUNT(*) FROM turn_usage WHERE session_id = ?"
        )
        params: tuple[str, ...] = (self.session_id,)
        if branch_id:
            query, params = query + " AND branch_id = ?", (self.session_id, branch_id)
        row = await self._in_thread(lambda c: c.execute(query, params).fetchone(), write=False)
        if row is None or row[0] is None:
            return None
        keys = ("requests", "input_tokens", "output_tokens", "total_tokens", "total_turns")
        return {key: value or 0 for key, value in zip(keys, row, strict=True)}

    async def get_turn_usage(
        self, user_turn_number: int | None = None, branch_id: str | None = None
    ) -> list[dict[str, Any]] | dict[str, Any]:
        """Usage of one turn (a dict, empty when none) or of every turn (a list)."""
        branch = branch_id or self._current_branch_id

        def work(conn: sqlite3.Connection) -> list[Any]:
            return conn.execute(
                "SELECT user_turn_number, requests, input_tokens, output_tokens, total_tokens, "
                "input_tokens_details, output_tokens_details FROM turn_usage "
                "WHERE session_id = ? AND branch_id = ? ORDER BY user_turn_number",
                (self.session_id, branch),
            ).fetchall()

        rows = [
            {
                "user_turn_number": row[0],
                "requests": row[1],
                "input_tokens": row[2],
                "output_tokens": row[3],
                "total_tokens": row[4],
                "input_tokens_details": json.loads(row[5]) if row[5] else None,
                "output_tokens_details": json.loads(row[6]) if row[6] else None,
            }
            for row in await self._in_thread(work, write=False)
        ]
        if user_turn_number is None:
            return rows
        found = [r for r in rows if r["user_turn_number"] == user_turn_number]
        if not found:
            return {}
        return {k: v for k, v in found[0].items() if k != "user_turn_number"}
