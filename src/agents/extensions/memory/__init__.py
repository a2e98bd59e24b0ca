"""Session back-ends on real databases (SQLAlchemy, Redis, aiosqlite) and wrappers over any
session (encryption, branching). Each loads, with its driver, only when first used."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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
    "AdvancedSQLiteSession": "advanced_sqlite_session",
    "AsyncSQLiteSession": "async_sqlite_session",
    "EncryptedSession": "encrypt_session",
    "RedisSession": "redis_session",
    "SQLAlchemySession": "sqlalchemy_session",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value
