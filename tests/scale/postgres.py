"""The throwaway PostgreSQL server of the session tests (tests/sessions/servers.py), reused.

Started once per test process with initdb and pg_ctl in a temporary directory, as
``nobody`` when the tests run as root. Where Postgres is missing the test skips with the
reason, except in CI (``FREEAGENTS_REQUIRE_SERVERS=1``), where it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from tests.sessions.servers import start_postgres


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    user: str

    def url(self, database: str, driver: str = "postgresql") -> str:
        return f"{driver}://{self.user}@{self.host}:{self.port}/{database}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    try:
        server = start_postgres()
    except FileNotFoundError as exc:
        if os.environ.get("FREEAGENTS_REQUIRE_SERVERS") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    parts = urlsplit(server.url)
    try:
        yield Postgres(parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or "")
    finally:
        server.stop()
