"""A session laid over another one (compaction, encryption).

The wrapper stores nothing of its own: its history limit is the underlying session's, and it
names itself by what it wraps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.memory.session import Session
from agents.memory.session import SessionABC

if TYPE_CHECKING:
    from agents.memory.session_settings import SessionSettings


class WrappedSession(SessionABC):
    """The part every session over `underlying_session` shares."""

    underlying_session: Session

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(session_id={self.session_id!r}, "
            f"over={self.underlying_session!r})"
        )

    @property
    def session_settings(self) -> SessionSettings | None:
        return self.underlying_session.session_settings

    @session_settings.setter
    def session_settings(self, value: SessionSettings | None) -> None:
        self.underlying_session.session_settings = value


def refuse_server_history(
    underlying_session: Session, wrapper: str, error: type[Exception]
) -> None:
    """Compaction rewrites the stored history; a conversation the server keeps has none
    here to rewrite, so wrapping one is refused at construction."""
    from agents.memory.openai_conversations_session import OpenAIConversationsSession

    if isinstance(underlying_session, OpenAIConversationsSession):
        raise error(
            f"{wrapper} cannot wrap OpenAIConversationsSession: the server keeps that "
            "history. Wrap a local store (SQLiteSession, SQLAlchemySession, ...)."
        )
