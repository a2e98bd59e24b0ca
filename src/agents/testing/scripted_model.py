"""An in-process scripted Model, for tests that need no HTTP at all.

It produces its output through the same converters as the Chat Completions route, so a
scripted run yields the same items and stream events as a real provider's.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import AsyncIterator
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from openai.types.chat import ChatCompletionChunk
from openai.types.chat import ChatCompletionMessage

from agents.items import ModelResponse
from agents.items import TResponseInputItem
from agents.items import TResponseStreamEvent
from agents.models._request import ModelRequest
from agents.models._request import RequestModel
from agents.models.chat.converter import message_to_output_items
from agents.models.chat.stream import ChatStreamConverter
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.wire.usage import usage_from_chat
from agents.testing.provider_server import Reply

if TYPE_CHECKING:
    from agents.agent_output import AgentOutputSchemaBase
    from agents.model_settings import ModelSettings
    from agents.tool import Tool

__all__ = ["ScriptedCall", "ScriptedModel"]


@dataclass
class ScriptedCall:
    """What the run asked the model for on one call."""

    system_instructions: str | None
    input: str | list[TResponseInputItem]
    model_settings: ModelSettings
    tools: list[Tool]
    output_schema: AgentOutputSchemaBase | None
    stream: bool


class ScriptedModel(RequestModel):
    """Answers each call with the next scripted Reply (or raises a scripted exception).

    When the script runs out, `responder` (if given) makes the reply; otherwise the model
    answers with a short text naming itself, so unscripted turns still end a run.
    """

    def __init__(
        self,
        replies: Iterable[Reply | BaseException] = (),
        *,
        name: str = "scripted",
        responder: Callable[[ScriptedCall], Reply] | None = None,
    ) -> None:
        self.name = name
        self._script: deque[Reply | BaseException] = deque(replies)
        self._responder = responder
        self.calls: list[ScriptedCall] = []
        self._next_id = 0

    def __repr__(self) -> str:
        return f"ScriptedModel(name={self.name!r})"

    def add(self, *replies: Reply | BaseException) -> None:
        self._script.extend(replies)

    def _reply(self, call: ScriptedCall) -> Reply:
        self.calls.append(call)
        if self._script:
            nxt = self._script.popleft()
            if isinstance(nxt, BaseException):
                raise nxt
            return nxt
        if self._responder is not None:
            return self._responder(call)
        return Reply(text=f"[{self.name}] done")

    def _tool_calls(self, reply: Reply) -> list[dict[str, Any]]:
        calls = []
        for call in reply.tool_calls:
            self._next_id += 1
            args = call.arguments if isinstance(call.arguments, str) else json.dumps(call.arguments)
            calls.append(
                {
                    "id": call.id or f"call_{self._next_id}",
                    "type": "function",
                    "function": {"name": call.name, "arguments": args},
                }
            )
        return calls

    def _usage(self, reply: Reply) -> dict[str, Any]:
        if reply.usage is not None:
            return reply.usage
        words = len((reply.text or "").split()) + len(reply.tool_calls)
        return {"prompt_tokens": 10, "completion_tokens": words, "total_tokens": 10 + words}

    async def _get_response(self, request: ModelRequest) -> ModelResponse:
        reply = self._reply(_scripted_call(request, False))
        fields: dict[str, Any] = {"role": "assistant", "content": reply.text}
        calls = self._tool_calls(reply)
        if calls:
            fields["tool_calls"] = calls
        if reply.reasoning:
            fields["reasoning_content"] = reply.reasoning
        message = ChatCompletionMessage.model_validate(fields)
        return ModelResponse(
            output=message_to_output_items(message, DEFAULT_PROFILE),
            usage=usage_from_chat(self._usage(reply)),
        )

    async def _stream_response(self, request: ModelRequest) -> AsyncIterator[TResponseStreamEvent]:
        reply = self._reply(_scripted_call(request, True))
        converter = ChatStreamConverter(self.name, DEFAULT_PROFILE)
        async for event in converter.events(self._chunks(reply)):
            yield event

    async def _chunks(self, reply: Reply) -> AsyncIterator[ChatCompletionChunk]:
        def chunk(delta: dict[str, Any], finish: str | None = None, usage: Any = None) -> Any:
            return ChatCompletionChunk.model_validate(
                {
                    "id": "chatcmpl-scripted",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": self.name,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                    "usage": usage,
                }
            )

        if reply.reasoning:
            yield chunk({"reasoning_content": reply.reasoning})
        text = reply.text or ""
        for start in range(0, len(text), 4):
            yield chunk({"content": text[start : start + 4]})
        for index, call in enumerate(self._tool_calls(reply)):
            yield chunk({"tool_calls": [{"index": index, **call}]})
        finish = "tool_calls" if reply.tool_calls else "stop"
        yield chunk({}, finish, self._usage(reply))


def _scripted_call(request: ModelRequest, stream: bool) -> ScriptedCall:
    return ScriptedCall(
        request.system_instructions,
        request.input,
        request.model_settings,
        request.tools,
        request.output_schema,
        stream,
    )
