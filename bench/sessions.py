"""Session back-ends: items written and read per second, next to the raw driver doing the same
work on the same server, and the per-turn cost of a session-backed run as history grows.

Writes are whole turns (one `add_items` of `--items` items, one transaction for the raw
driver too); reads are full-history `get_items()` calls. Postgres (initdb + pg_ctl) and
redis-server are started on free loopback ports when installed, as the tests do; without
them their lines read N/A. With `--reference PYTHON` (default: /work/refvenv/bin/python when
it exists) the reference SDK's SQLiteSession runs the same workload in that interpreter.

The run benchmark plays `--history` turns through `Runner.run` with an SQLiteSession against
the loopback Chat Completions server and reports ms per turn at several history sizes, with
the share spent in the session. The request itself grows with the history, so per-turn cost
grows linearly; what must not happen is the session's share growing faster than that.

Usage: python bench/sessions.py [--turns 200] [--items 5] [--history 200] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from _support import write_json  # noqa: E402
from tests.sessions.servers import start_postgres  # noqa: E402
from tests.sessions.servers import start_redis  # noqa: E402

Rows = list[dict[str, Any]]


def turns_of(turns: int, items: int) -> list[Rows]:
    return [
        [
            {"role": "user", "content": f"turn {t} item {i} " + "lorem ipsum " * 10}
            for i in range(items)
        ]
        for t in range(turns)
    ]


async def timed(work: Callable[[], Awaitable[None]]) -> float:
    start = time.perf_counter()
    await work()
    return time.perf_counter() - start


async def measure(
    add: Callable[[Rows], Awaitable[Any]],
    read: Callable[[], Awaitable[Any]],
    data: list[Rows],
    reads: int,
) -> tuple[float, float]:
    """(items written per second, items read per second)."""

    async def write_all() -> None:
        for turn in data:
            await add(turn)

    async def read_all() -> None:
        for _ in range(reads):
            await read()

    count = sum(len(t) for t in data)
    return count / await timed(write_all), count * reads / await timed(read_all)


# -- raw drivers -------------------------------------------------------------------------


async def raw_sqlite(path: Path, data: list[Rows], reads: int) -> tuple[float, float]:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, s TEXT, d TEXT)")

    def add_sync(turn: Rows) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO m (s, d) VALUES ('s', ?)", [(json.dumps(i),) for i in turn])
        conn.execute("COMMIT")

    def read_sync() -> list[Any]:
        return [json.loads(r[0]) for r in conn.execute("SELECT d FROM m WHERE s='s' ORDER BY id")]

    async def add(turn: Rows) -> None:
        await asyncio.to_thread(add_sync, turn)

    async def read() -> None:
        await asyncio.to_thread(read_sync)

    try:
        return await measure(add, read, data, reads)
    finally:
        conn.close()


async def raw_aiosqlite(path: Path, data: list[Rows], reads: int) -> tuple[float, float]:
    import aiosqlite

    conn = await aiosqlite.connect(path, isolation_level=None)
    await conn.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, s TEXT, d TEXT)")

    async def add(turn: Rows) -> None:
        await conn.execute("BEGIN IMMEDIATE")
        await conn.executemany(
            "INSERT INTO m (s, d) VALUES ('s', ?)", [(json.dumps(i),) for i in turn]
        )
        await conn.execute("COMMIT")

    async def read() -> None:
        cursor = await conn.execute("SELECT d FROM m WHERE s='s' ORDER BY id")
        [json.loads(r[0]) for r in await cursor.fetchall()]

    try:
        return await measure(add, read, data, reads)
    finally:
        await conn.close()


async def raw_asyncpg(url: str, data: list[Rows], reads: int) -> tuple[float, float]:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    await conn.execute(
        "DROP TABLE IF EXISTS raw_m; CREATE TABLE raw_m (id SERIAL PRIMARY KEY, s TEXT, d TEXT)"
    )

    async def add(turn: Rows) -> None:
        async with conn.transaction():
            await conn.executemany(
                "INSERT INTO raw_m (s, d) VALUES ('s', $1)", [(json.dumps(i),) for i in turn]
            )

    async def read() -> None:
        [json.loads(r[0]) for r in await conn.fetch("SELECT d FROM raw_m WHERE s='s' ORDER BY id")]

    try:
        return await measure(add, read, data, reads)
    finally:
        await conn.close()


async def raw_redis(url: str, data: list[Rows], reads: int) -> tuple[float, float]:
    import redis.asyncio as redis

    client = redis.from_url(url)
    await client.delete("raw:m")

    async def add(turn: Rows) -> None:
        async with client.pipeline(transaction=True) as pipe:
            pipe.rpush("raw:m", *[json.dumps(i) for i in turn])
            await pipe.execute()

    async def read() -> None:
        [json.loads(r) for r in await client.lrange("raw:m", 0, -1)]

    try:
        return await measure(add, read, data, reads)
    finally:
        await client.aclose()


# -- sessions ----------------------------------------------------------------------------


async def session_rates(session: Any, data: list[Rows], reads: int) -> tuple[float, float]:
    try:
        return await measure(session.add_items, session.get_items, data, reads)
    finally:
        await session.clear_session()
        engine = getattr(session, "engine", None)
        if engine is not None:
            await engine.dispose()
        close = getattr(session, "close", None)
        if close is not None:
            result = close()
            if asyncio.iscoroutine(result):
                await result


REFERENCE_SCRIPT = """
import asyncio, json, sys, time
from agents import SQLiteSession
turns, items, reads, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
data = [[{"role": "user", "content": f"turn {t} item {i} " + "lorem " * 20}
         for i in range(items)] for t in range(turns)]
async def main():
    s = SQLiteSession("bench", path)
    t0 = time.perf_counter()
    for turn in data:
        await s.add_items(turn)
    w = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(reads):
        await s.get_items()
    r = time.perf_counter() - t0
    n = turns * items
    print(json.dumps([n / w, n * reads / r]))
asyncio.run(main())
"""


def reference_sqlite(args: argparse.Namespace, folder: Path) -> tuple[float, float] | None:
    python = args.reference
    if not Path(python).exists():
        return None
    proc = subprocess.run(
        [
            python,
            "-c",
            REFERENCE_SCRIPT,
            str(args.turns),
            str(args.items),
            str(args.reads),
            str(folder / "reference.db"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=folder,
    )
    if proc.returncode != 0:
        print(f"reference run failed: {proc.stderr.strip().splitlines()[-1:]}")
        return None
    rates = json.loads(proc.stdout.strip().splitlines()[-1])
    return rates[0], rates[1]


Rates = tuple[float, float]


async def backends(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    from agents.extensions.memory import AsyncSQLiteSession
    from agents.extensions.memory import EncryptedSession
    from agents.extensions.memory import RedisSession
    from agents.extensions.memory import SQLAlchemySession
    from agents.memory import SQLiteSession

    data, reads = turns_of(args.turns, args.items), args.reads
    key = "kZ4mM8lH1dWq1m3Yd7bB1gqJr1jvV0o1mQpV1rXyZ2E="
    sqlite_url = f"sqlite+aiosqlite:///{folder / 'c.db'}"
    rows: list[tuple[str, Rates, str, Rates | None]] = []

    async def pair(name: str, session: Any, other: str, theirs: Awaitable[Rates] | None) -> None:
        ours = await session_rates(session, data, reads)
        rows.append((name, ours, other, await theirs if theirs is not None else None))

    await pair(
        "SQLiteSession",
        SQLiteSession("b", folder / "a.db"),
        "sqlite3",
        raw_sqlite(folder / "raw1.db", data, reads),
    )
    ours = await session_rates(SQLiteSession("b", folder / "a2.db"), data, reads)
    rows.append(("SQLiteSession", ours, "reference SQLiteSession", reference_sqlite(args, folder)))
    await pair(
        "AsyncSQLiteSession",
        AsyncSQLiteSession("b", folder / "b.db"),
        "aiosqlite",
        raw_aiosqlite(folder / "raw2.db", data, reads),
    )
    await pair(
        "SQLAlchemySession (SQLite)",
        SQLAlchemySession.from_url("b", url=sqlite_url, create_tables=True),
        "aiosqlite",
        raw_aiosqlite(folder / "raw3.db", data, reads),
    )
    await pair(
        "EncryptedSession (SQLite)",
        EncryptedSession("b", SQLiteSession("b", folder / "d.db"), key, ttl=3600),
        "SQLiteSession",
        session_rates(SQLiteSession("b", folder / "e.db"), data, reads),
    )
    try:
        pg = start_postgres()
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        print(f"Postgres: N/A ({exc})")
    else:
        try:
            session = SQLAlchemySession.from_url("b", url=pg.url, create_tables=True)
            await pair(
                "SQLAlchemySession (Postgres)", session, "asyncpg", raw_asyncpg(pg.url, data, reads)
            )
        finally:
            pg.stop()
    try:
        rd = start_redis()
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"Redis: N/A ({exc})")
    else:
        try:
            session = RedisSession.from_url("b", url=rd.url)
            await pair("RedisSession", session, "redis-py", raw_redis(rd.url, data, reads))
        finally:
            rd.stop()

    print(f"\n{args.turns} turns of {args.items} items; {reads} full reads of the history")
    head = f"{'back-end':30} {'write/s':>9} {'read/s':>10}   {'next to':24}"
    print(f"{head} {'write/s':>9} {'read/s':>10}")
    for name, ours, other, theirs in rows:
        line = f"{name:30} {ours[0]:9.0f} {ours[1]:10.0f}   {other:24} "
        line += f"{theirs[0]:9.0f} {theirs[1]:10.0f}" if theirs else f"{'N/A':>9} {'N/A':>10}"
        print(line)
    return {
        "backends": [{"backend": r[0], "ours": r[1], "other": r[2], "theirs": r[3]} for r in rows]
    }


async def run_cost(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    from openai import AsyncOpenAI

    from agents import Agent
    from agents import OpenAIChatCompletionsModel
    from agents import Runner
    from agents.memory import SQLiteSession
    from agents.testing import LoopbackProvider

    class Timed(SQLiteSession):
        spent = 0.0

        async def get_items(self, limit: int | None = None) -> Any:
            start = time.perf_counter()
            try:
                return await super().get_items(limit)
            finally:
                Timed.spent += time.perf_counter() - start

        async def add_items(self, items: Any) -> None:
            start = time.perf_counter()
            try:
                await super().add_items(items)
            finally:
                Timed.spent += time.perf_counter() - start

    marks = sorted({10, 50, 100, args.history // 2, args.history} - {0})
    report: list[dict[str, float]] = []
    with LoopbackProvider(api_key="bench-key") as server:
        client = AsyncOpenAI(api_key="bench-key", base_url=server.base_url)
        agent = Agent(name="b", model=OpenAIChatCompletionsModel(model="m", openai_client=client))
        session = Timed("bench", folder / "run.db")
        window: list[tuple[float, float]] = []
        for turn in range(1, args.history + 1):
            Timed.spent = 0.0
            start = time.perf_counter()
            await Runner.run(agent, f"message {turn}", session=session)
            window.append((time.perf_counter() - start, Timed.spent))
            if turn in marks:
                recent = window[-5:]
                total = sum(w[0] for w in recent) / len(recent) * 1000
                spent = sum(w[1] for w in recent) / len(recent) * 1000
                report.append({"history_turns": turn, "ms_per_turn": total, "session_ms": spent})
    print(f"\nRunner.run with an SQLiteSession, {args.history} turns (mean of 5 turns a mark)")
    print(f"{'history (turns)':>16} {'ms/turn':>9} {'session ms':>11}")
    for row in report:
        print(f"{row['history_turns']:16.0f} {row['ms_per_turn']:9.2f} {row['session_ms']:11.2f}")
    first, last = report[0], report[-1]
    growth = last["session_ms"] / max(first["session_ms"], 1e-9)
    history = last["history_turns"] / first["history_turns"]
    print(f"session ms per turn grew {growth:.1f}x for {history:.0f}x the history turns")
    return {"run_cost": report}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--reads", type=int, default=20)
    parser.add_argument("--history", type=int, default=200)
    default_reference = "/work/refvenv/bin/python"
    parser.add_argument(
        "--reference", default=os.environ.get("REFERENCE_PYTHON", default_reference)
    )
    parser.add_argument("--json")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="freeagents-bench-"))
    try:
        results = await backends(args, folder)
        results.update(await run_cost(args, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    write_json(args.json, results)


if __name__ == "__main__":
    asyncio.run(main())
