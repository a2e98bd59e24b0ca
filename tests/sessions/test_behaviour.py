"""One behavioural suite, run against every session back-end on its real store."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from typing import Any

import pytest

from agents.memory import Session
from tests.sessions.backends import close_session
from tests.sessions.backends import make_session
from tests.sessions.writer import Writer
from tests.sessions.writer import turn_items


def msg(text: str, role: str = "user") -> Any:
    return {"role": role, "content": text}


@pytest.fixture
async def session(backend: tuple[str, dict[str, str]], session_id: str) -> AsyncIterator[Session]:
    kind, env = backend
    made = make_session(kind, session_id, env)
    yield made
    await made.clear_session()
    await close_session(made)


async def test_add_get_and_limits(session: Session) -> None:
    assert await session.get_items() == []
    await session.add_items([msg("one"), msg("two", "assistant")])
    await session.add_items([msg("three")])
    await session.add_items([])
    texts = [i["content"] for i in await session.get_items()]  # type: ignore[index]
    assert texts == ["one", "two", "three"]
    assert [i["content"] for i in await session.get_items(limit=2)] == ["two", "three"]  # type: ignore[index]
    assert await session.get_items(limit=0) == []
    assert len(await session.get_items(limit=50)) == 3


async def test_pop_and_clear(session: Session) -> None:
    assert await session.pop_item() is None
    await session.add_items([msg("a"), msg("b")])
    assert await session.pop_item() == msg("b")
    assert await session.get_items() == [msg("a")]
    await session.clear_session()
    assert await session.get_items() == []
    assert await session.pop_item() is None
    await session.add_items([msg("after clear")])
    assert await session.get_items() == [msg("after clear")]


async def test_sessions_are_separate(
    backend: tuple[str, dict[str, str]], session: Session, session_id: str
) -> None:
    other = make_session(backend[0], session_id + "-other", backend[1])
    try:
        await session.add_items([msg("mine")])
        await other.add_items([msg("theirs")])
        await other.clear_session()
        assert await session.get_items() == [msg("mine")]
        assert await other.get_items() == []
    finally:
        await close_session(other)


async def test_unicode_and_large_items(session: Session) -> None:
    big = "é漢🙂\x00\u2028" + "z" * 1_000_000
    items = [
        msg(big),
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": '{"q": "ü"}'},
        {"type": "function_call_output", "call_id": "c1", "output": "🙂" * 1000},
    ]
    await session.add_items(items)  # type: ignore[arg-type]
    assert await session.get_items() == items


async def test_session_settings_limit(session: Session) -> None:
    from agents.memory import SessionSettings

    await session.add_items([msg(str(n)) for n in range(5)])
    session.session_settings = SessionSettings(limit=2)
    try:
        assert [i["content"] for i in await session.get_items()] == ["3", "4"]  # type: ignore[index]
        assert len(await session.get_items(limit=4)) == 4
    finally:
        session.session_settings = SessionSettings()


def _whole_turns(items: list[Any], per_turn: int) -> dict[tuple[str, str], int]:
    """Turns found, checking each is stored contiguously, whole and in order."""
    seen: dict[tuple[str, str], int] = {}
    for start in range(0, len(items), per_turn):
        chunk = [i["content"].split(":")[:3] for i in items[start : start + per_turn]]
        writer, turn = chunk[0][0], chunk[0][1]
        assert [c[:2] for c in chunk] == [[writer, turn]] * per_turn, "turns interleaved"
        assert [int(c[2]) for c in chunk] == list(range(per_turn)), "turn split or reordered"
        assert (writer, turn) not in seen
        seen[(writer, turn)] = start
    return seen


async def test_concurrent_writers_in_tasks(
    backend: tuple[str, dict[str, str]], session: Session, session_id: str
) -> None:
    kind, env = backend
    writers = [make_session(kind, session_id, env) for _ in range(6)]

    async def write(n: int, target: Session) -> None:
        for turn in range(3):
            await target.add_items(turn_items(f"w{n}", turn, 4, 10))  # type: ignore[arg-type]

    try:
        await asyncio.gather(*(write(n, w) for n, w in enumerate(writers)))
        await asyncio.gather(*(write(n + 10, session) for n in range(2)))
    finally:
        for w in writers:
            await close_session(w)
    items = await session.get_items()
    assert len(items) == 8 * 3 * 4
    assert len(_whole_turns(items, 4)) == 24


async def test_concurrent_writer_processes(
    backend: tuple[str, dict[str, str]], session: Session, session_id: str
) -> None:
    kind, env = backend
    writers = [Writer(kind, session_id, env, f"p{n}", 12, 5, 50).start() for n in range(2)]
    for proc, _reports in writers:
        await asyncio.to_thread(proc.join, 120)
        assert proc.exitcode == 0
    items = await session.get_items()
    assert len(items) == 2 * 12 * 5
    turns = _whole_turns(items, 5)
    for name in ("p0", "p1"):  # each writer's turns are in its own order
        mine = sorted((start, int(turn)) for (w, turn), start in turns.items() if w == name)
        assert [turn for _, turn in mine] == list(range(12))


async def test_kill_9_mid_turn_leaves_whole_turns(
    backend: tuple[str, dict[str, str]], session: Session, session_id: str
) -> None:
    kind, env = backend
    proc, reports = Writer(kind, session_id, env, "k", 0, 40, 20_000).start()  # ~800 kB a turn
    assert await asyncio.to_thread(reports.recv) == "ready"
    for _ in range(2):  # two turns committed, the third is being written
        await asyncio.to_thread(reports.recv)
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    items = await session.get_items()
    assert len(items) % 40 == 0 and len(items) >= 80
    assert sorted(int(t) for _, t in _whole_turns(items, 40)) == list(range(len(items) // 40))
