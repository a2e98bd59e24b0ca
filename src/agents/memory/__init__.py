"""Sessions: conversation history kept across runs.

Import rule: declarations layer; imports the core types only, never the run loop.
"""

from agents.memory.session import Session, SessionABC
from agents.memory.sqlite_session import SQLiteSession

__all__ = ["SQLiteSession", "Session", "SessionABC"]
