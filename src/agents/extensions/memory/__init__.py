"""Session back-ends on real databases (SQLAlchemy, Redis, aiosqlite) and wrappers over any
session (encryption, branching). Each loads, with its driver, only when first used."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from agents._lazy import lazy_attribute

if TYPE_CHECKING:
    from agents.extensions.memory.advanced_sqlite_session import AdvancedSQLiteSession
    from agents.extensions.memory.async_sqlite_session import AsyncSQLiteSession
    from agents.extensions.memory.encrypt_session import EncryptedSession
    from agents.extensions.memory.redis_session import RedisSession
    from agents.extensions.memory.sqlalchemy_session import SQLAlchemySession

__all__ = [
    "AdvancedSQLiteSession",
    "AsyncSQLiteSession",
    "EncryptedSession",
    "RedisSession",
    "SQLAlchemySession",
]

_MODULES = {
    "AdvancedSQLiteSession": "agents.extensions.memory.advanced_sqlite_session",
    "AsyncSQLiteSession": "agents.extensions.memory.async_sqlite_session",
    "EncryptedSession": "agents.extensions.memory.encrypt_session",
    "RedisSession": "agents.extensions.memory.redis_session",
    "SQLAlchemySession": "agents.extensions.memory.sqlalchemy_session",
}


def __getattr__(name: str) -> Any:
    """Each back-end loads, with its driver, on first use."""
    return lazy_attribute(__name__, _MODULES, name)
