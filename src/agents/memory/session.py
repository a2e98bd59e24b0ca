"""The Session protocol: where a conversation's items are kept between runs."""

from __future__ import annotations

import abc
from typing import Protocol, runtime_checkable

from agents.items import TResponseInputItem


@runtime_checkable
class Session(Protocol):
    """Anything with these four coroutines can hold a conversation (a database, a cache...)."""

    session_id: str

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

    @abc.abstractmethod
    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]: ...

    @abc.abstractmethod
    async def add_items(self, items: list[TResponseInputItem]) -> None: ...

    @abc.abstractmethod
    async def pop_item(self) -> TResponseInputItem | None: ...

    @abc.abstractmethod
    async def clear_session(self) -> None: ...
