"""Chat Completions chunks -> Responses stream events, at the reference SDK's module path
(the conversion is `agents.models.chat.stream.ChatStreamConverter`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from agents.items import TResponseStreamEvent
from agents.models.chat.stream import ChatStreamConverter
from agents.models.dialects.profiles import DEFAULT_PROFILE

__all__ = ["ChatCmplStreamHandler"]


class ChatCmplStreamHandler:
    @classmethod
    async def handle_stream(
        cls, response: Any, stream: AsyncIterator[Any], model: str | None = None, **_: Any
    ) -> AsyncIterator[TResponseStreamEvent]:
        """The Responses events of a Chat Completions stream, ending in `response.completed`."""
        name = model or getattr(response, "model", None) or "unknown"
        async for event in ChatStreamConverter(str(name), DEFAULT_PROFILE).events(stream):
            yield event
