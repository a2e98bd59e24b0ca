"""Sessions: conversation history kept across runs."""

from .session import Session, SessionABC
from .sqlite_session import SQLiteSession

__all__ = ["SQLiteSession", "Session", "SessionABC"]
