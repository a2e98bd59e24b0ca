"""Writer processes: each appends whole turns to one session, until done or killed.

They are forked from a fork server that has already imported freeagents and the drivers, so
a writer starts in milliseconds instead of paying the imports again.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess

from tests.sessions.backends import close_session
from tests.sessions.backends import make_session

_PRELOAD = [
    "tests.sessions.writer",
    "agents.extensions.memory.sqlalchemy_session",
    "agents.extensions.memory.redis_session",
    "agents.extensions.memory.encrypt_session",
    "agents.extensions.memory.async_sqlite_session",
    "agents.extensions.memory.advanced_sqlite_session",
    "agents.memory.compaction_session",
    "asyncpg",
    "aiosqlite",
]
_context: ForkServerContext | None = None


def turn_items(writer: str, turn: int, count: int, size: int) -> list[dict[str, object]]:
    """A turn's items, each tagged writer:turn:index so the order can be checked."""
    pad = "x" * size
    return [{"role": "user", "content": f"{writer}:{turn}:{index}:{pad}"} for index in range(count)]


@dataclass(frozen=True)
class Writer:
    """What one writer process does: append `turns` turns (0: until killed) of `items` items
    of `size` characters, tagged `name`, to session `session_id` of back-end `kind`."""

    kind: str
    session_id: str
    env: dict[str, str]
    name: str
    turns: int
    items: int
    size: int

    def start(self) -> tuple[BaseProcess, Connection]:
        """The running writer and the end of the pipe it reports on ("ready", then each turn
        number once that turn is stored)."""
        global _context
        if _context is None:
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(_PRELOAD)
        receive, send = _context.Pipe(duplex=False)
        process = _context.Process(target=_main, args=(self, send))
        process.start()
        send.close()
        return process, receive


async def _write(writer: Writer, report: Connection) -> None:
    session = make_session(writer.kind, writer.session_id, writer.env)
    report.send("ready")
    turn = 0
    while writer.turns == 0 or turn < writer.turns:
        items = turn_items(writer.name, turn, writer.items, writer.size)
        await session.add_items(items)  # type: ignore[arg-type]
        report.send(turn)
        turn += 1
    await close_session(session)


def _main(writer: Writer, report: Connection) -> None:
    asyncio.run(_write(writer, report))
