"""OpenAIConversationsSession: the history kept by OpenAI's Conversations API, not locally.

The conversation is created on first use when no `conversation_id` is given. Writes go in
requests of at most 20 items (the API's limit), so a turn longer than that is stored by
several requests: unlike the database back-ends, such a turn is not atomic.
"""

from __future__ import annotations

import asyncio
from typing import Any
from typing import cast

from openai import AsyncOpenAI

from agents.items import TResponseInputItem
from agents.memory.session import SessionABC
from agents.memory.session_settings import SessionSettings
from agents.memory.session_settings import resolve_session_limit
from agents.memory.session_settings import session_settings_or_default
from agents.models._openai_shared import get_default_openai_client
from agents.models.fake_id import FAKE_RESPONSES_ID

_MAX_ITEMS_PER_REQUEST = 20
_TYPES_WITH_REQUIRED_ID = frozenset(
    {
        "file_search_call",
        "web_search_call",
        "computer_call",
        "code_interpreter_call",
        "image_generation_call",
        "local_shell_call",
        "local_shell_call_output",
        "mcp_list_tools",
        "mcp_approval_request",
        "mcp_call",
        "item_reference",
    }
)
"""Item types the Conversations API stores only with their server-assigned id."""


def _for_storage(item: Any) -> dict[str, Any] | None:
    """The item as the Conversations API accepts it: replayed messages, calls and outputs
    lose stale ids (and SDK-internal fields); a reasoning item with neither id nor encrypted
    content cannot be stored and is left out (None)."""
    if not isinstance(item, dict):
        item = item.model_dump(exclude_unset=True) if hasattr(item, "model_dump") else item
    clean = {k: v for k, v in item.items() if k != "provider_data"}
    kind = clean.get("type")
    if kind == "reasoning":
        if not clean.get("id") and not clean.get("encrypted_content"):
            return None
    elif kind not in _TYPES_WITH_REQUIRED_ID or clean.get("id") == FAKE_RESPONSES_ID:
        clean.pop("id", None)
    return clean


def _for_model(item: dict[str, Any]) -> dict[str, Any]:
    """A listed item as model input: an assistant message's conversation id is dropped."""
    if item.get("type") == "message" and item.get("role") == "assistant":
        return {k: v for k, v in item.items() if k != "id"}
    return item


def _client(openai_client: AsyncOpenAI | None) -> AsyncOpenAI:
    return openai_client or get_default_openai_client() or AsyncOpenAI()


async def start_openai_conversations_session(openai_client: AsyncOpenAI | None = None) -> str:
    """Create an empty conversation and return its id."""
    conversation = await _client(openai_client).conversations.create(items=[])
    return conversation.id


class OpenAIConversationsSession(SessionABC):
    """A session whose items live in an OpenAI conversation (`conv_...`)."""

    def __init__(
        self,
        *,
        conversation_id: str | None = None,
        openai_client: AsyncOpenAI | None = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
    ) -> None:
        self._session_id = conversation_id
        self._openai_client = _client(openai_client)
        self._lock = asyncio.Lock()
        self.session_settings = session_settings_or_default(session_settings)

    @property
    def session_id(self) -> str:
        """The conversation id; known once a first call created (or was given) it."""
        if self._session_id is None:
            raise ValueError(
                "The conversation is created on first use: call get_items() or add_items() "
                "first, or pass conversation_id="
            )
        return self._session_id

    @session_id.setter
    def session_id(self, value: str) -> None:
        self._session_id = value

    def __repr__(self) -> str:
        return f"OpenAIConversationsSession(conversation_id={self._session_id!r})"

    async def _get_session_id(self) -> str:
        if self._session_id is None:
            self._session_id = await start_openai_conversations_session(self._openai_client)
        return self._session_id

    async def _clear_session_id(self) -> None:
        self._session_id = None

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        async with self._lock:
            conversation_id = await self._get_session_id()
            limit = resolve_session_limit(limit, self.session_settings)
            if limit is not None and limit <= 0:
                return []
            found: list[TResponseInputItem] = []
            pages = self._openai_client.conversations.items.list(
                conversation_id=conversation_id, order="asc" if limit is None else "desc"
            )
            async for item in pages:
                found.append(
                    cast(TResponseInputItem, _for_model(item.model_dump(exclude_unset=True)))
                )
                if limit is not None and len(found) >= limit:
                    break
            return found if limit is None else found[::-1]

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        storable = [clean for clean in map(_for_storage, items) if clean is not None]
        if not storable:
            return
        async with self._lock:
            conversation_id = await self._get_session_id()
            for start in range(0, len(storable), _MAX_ITEMS_PER_REQUEST):
                await self._openai_client.conversations.items.create(
                    conversation_id=conversation_id,
                    items=cast(Any, storable[start : start + _MAX_ITEMS_PER_REQUEST]),
                )

    async def pop_item(self) -> TResponseInputItem | None:
        async with self._lock:
            conversation_id = await self._get_session_id()
            page = await self._openai_client.conversations.items.list(
                conversation_id=conversation_id, order="desc", limit=1
            )
            if not page.data:
                return None
            latest = page.data[0]
            item_id = getattr(latest, "id", None)
            if not isinstance(item_id, str):
                raise ValueError("The conversation's latest item has no id; it cannot be popped")
            await self._openai_client.conversations.items.delete(
                item_id, conversation_id=conversation_id
            )
            return cast(TResponseInputItem, latest.model_dump(exclude_unset=True))

    async def clear_session(self) -> None:
        """Delete the conversation; the next call starts a new one."""
        async with self._lock:
            if self._session_id is None:
                return
            await self._openai_client.conversations.delete(conversation_id=self._session_id)
            await self._clear_session_id()
