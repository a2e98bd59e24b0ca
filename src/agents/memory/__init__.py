"""Sessions: conversation history kept across runs.

Import rule: declarations layer; imports the core types only, never the run loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from agents._lazy import lazy_attribute
from agents.memory.session import OpenAIResponsesCompactionArgs
from agents.memory.session import OpenAIResponsesCompactionAwareSession
from agents.memory.session import Session
from agents.memory.session import SessionABC
from agents.memory.session import is_openai_responses_compaction_aware_session
from agents.memory.session_settings import SessionSettings
from agents.memory.util import SessionInputCallback

if TYPE_CHECKING:
    from agents.memory.compaction_session import CompactionSession
    from agents.memory.openai_conversations_session import OpenAIConversationsSession
    from agents.memory.openai_responses_compaction_session import OpenAIResponsesCompactionSession
    from agents.memory.sqlite_session import SQLiteSession

__all__ = [
    "CompactionSession",
    "OpenAIConversationsSession",
    "OpenAIResponsesCompactionArgs",
    "OpenAIResponsesCompactionAwareSession",
    "OpenAIResponsesCompactionSession",
    "SQLiteSession",
    "Session",
    "SessionABC",
    "SessionInputCallback",
    "SessionSettings",
    "is_openai_responses_compaction_aware_session",
]

_LAZY = {
    "SQLiteSession": "agents.memory.sqlite_session",  # sqlite3 loads only when used
    "CompactionSession": "agents.memory.compaction_session",
    "OpenAIConversationsSession": "agents.memory.openai_conversations_session",
    "OpenAIResponsesCompactionSession": "agents.memory.openai_responses_compaction_session",
}


def __getattr__(name: str) -> Any:
    """Sessions that talk to a model, or to a database, load on first use."""
    return lazy_attribute(__name__, _LAZY, name)
