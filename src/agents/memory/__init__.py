"""Sessions: conversation history kept across runs."""

from agents.memory.session import Session, SessionABC
from agents.memory.sqlite_session import SQLiteSession

__all__ = ["SQLiteSession", "Session", "SessionABC"]
