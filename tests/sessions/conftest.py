"""Fixtures for the session suite: real Postgres and Redis (once per test process), and
`backend`, which runs a test once per session back-end."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sessions.backends import KINDS
from tests.sessions.backends import needs
from tests.sessions.servers import start_postgres
from tests.sessions.servers import start_redis


def _unavailable(reason: str) -> None:
    """CI sets FREEAGENTS_REQUIRE_SERVERS=1: a missing server fails there, never skips."""
    if os.environ.get("FREEAGENTS_REQUIRE_SERVERS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _serving(start: Callable[[], Any]) -> Iterator[str]:
    """A server started once for the session (`start()`), its URL, and its stop at the end."""
    try:
        server = start()
    except FileNotFoundError as exc:
        _unavailable(str(exc))
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    yield from _serving(start_postgres)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    yield from _serving(start_redis)


@pytest.fixture(params=KINDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, dict[str, str]]:
    """(kind, env): the back-end's name and what `make_session` needs to reach it."""
    kind: str = request.param
    env = {"dir": str(tmp_path)}
    server = needs(kind)
    if server == "postgres":
        env["pg_url"] = request.getfixturevalue("postgres_url")
    elif server == "redis":
        env["redis_url"] = request.getfixturevalue("redis_url")
    return kind, env


@pytest.fixture
def session_id() -> str:
    return f"conv-{uuid.uuid4().hex[:12]}"
