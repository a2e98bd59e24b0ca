"""The Session protocol: where a conversation's items are kept between runs."""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING
from typing import Literal
from typing import Protocol
from typing import TypeGuard
from typing import runtime_checkable

from typing_extensions import TypedDict

from agents.items import TResponseInputItem

if TYPE_CHECKING:
    from agents.memory.session_settings import SessionSettings


@runtime_checkable
class Session(Protocol):
    """Anything with these four coroutines can hold a conversation (a database, a cache...)."""

    session_id: str
    session_settings: SessionSettings | None = None

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """The conversation, oldest first; with a limit, only the latest `limit` items."""
        ...

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Append items to the conversation."""
        ...

    async def pop_item(self) -> TResponseInputItem | None:
        """Remove and return the latest item."""
        ...

    async def clear_session(self) -> None:
        """Forget the whole conversation."""
        ...


class SessionABC(abc.ABC):
    """A base class for sessions, for those who prefer inheritance to the protocol."""

    session_id: str
    session_settings: SessionSettings | None = None

    @abc.abstractmethod
    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]: ...

    @abc.abstractmethod
    async def add_items(self, items: list[TResponseInputItem]) -> None: ...

    @abc.abstractmethod
    async def pop_item(self) -> TResponseInputItem | None: ...

    @abc.abstractmethod
    async def clear_session(self) -> None: ...


class OpenAIResponsesCompactionArgs(TypedDict, total=False):
    """What the run tells a compacting session after it saved a turn."""

    response_id: str
    """The id of the turn's last model response."""

    compaction_mode: Literal["previous_response_id", "input", "auto"]
    """Send the server its stored response ("previous_response_id"), the local history
    ("input"), or choose by whether the response was stored ("auto")."""

    store: bool
    """Whether that response was stored by the server."""

    force: bool
    """Compact even when the session's threshold was not reached."""


@runtime_checkable
class OpenAIResponsesCompactionAwareSession(Session, Protocol):
    """A session the run asks to compact itself after each saved turn."""

    async def run_compaction(self, args: OpenAIResponsesCompactionArgs | None = None) -> None:
        """Shrink the stored history if it has outgrown the session's budget."""
        ...


def is_openai_responses_compaction_aware_session(
    session: Session | None,
) -> TypeGuard[OpenAIResponsesCompactionAwareSession]:
    """Whether the run should call `session.run_compaction` after saving a turn."""
    if session is None:
        return False
    try:
        return callable(getattr(session, "run_compaction", None))
    except Exception:
        return False
