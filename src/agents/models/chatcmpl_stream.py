"""Chat Completions stream chunks in, Responses-API stream events out.

Users read streams as the `openai` package's Responses event types whatever the provider;
this turns each provider's chunk stream into that shape, in one pass over the chunks.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from openai.types.chat import ChatCompletionChunk
from openai.types.completion_usage import CompletionUsage
from openai.types.responses import (
    Response,
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseFunctionToolCall,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseReasoningItem,
    ResponseReasoningSummaryPartAddedEvent,
    ResponseReasoningSummaryPartDoneEvent,
    ResponseReasoningSummaryTextDeltaEvent,
    ResponseStreamEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    ResponseUsage,
)
from openai.types.responses.response_reasoning_item import Summary
from openai.types.responses.response_reasoning_summary_part_added_event import (
    Part as AddedSummaryPart,
)
from openai.types.responses.response_reasoning_summary_part_done_event import (
    Part as DoneSummaryPart,
)

from ..items import TResponseOutputItem
from .chat_usage import to_response_usage, usage_from_chat
from .fake_id import FAKE_RESPONSES_ID
from .profiles import ModelProfile


@dataclass
class _ToolCallState:
    call_id: str = ""
    name: str = ""
    arguments: str = ""


@dataclass
class StreamState:
    """What has been read from the stream so far."""

    reasoning: str = ""
    text: str = ""
    refusal: str = ""
    tool_calls: dict[int, _ToolCallState] = field(default_factory=dict)
    usage: CompletionUsage | None = None
    finish_reason: str | None = None
    response_id: str | None = None


def build_response(
    model: str,
    output: list[TResponseOutputItem],
    response_id: str,
    usage: ResponseUsage | None = None,
) -> Response:
    """A Responses-API `Response` holding one turn's output (built without re-validation)."""
    return Response.model_construct(
        usage=usage,
        id=response_id,
        created_at=time.time(),
        model=model,
        object="response",
        output=output,
        tool_choice="auto",
        tools=[],
        parallel_tool_calls=False,
        top_p=None,
        temperature=None,
        status="completed",
    )


class ChatStreamConverter:
    """Feeds on chunks, yields Responses events; `state` holds the assembled turn."""

    def __init__(self, model: str, profile: ModelProfile) -> None:
        self.model = model
        self.profile = profile
        self.state = StreamState()
        self.chunks_seen = 0
        self._seq = 0
        self._output_index = 0
        self._reasoning_open = False
        self._message_open = False
        self._message_index = -1
        self._reasoning_index = -1

    def _next(self) -> int:
        self._seq += 1
        return self._seq - 1

    async def events(
        self, chunks: AsyncIterator[ChatCompletionChunk]
    ) -> AsyncIterator[ResponseStreamEvent]:
        state = self.state
        yield ResponseCreatedEvent.model_construct(
            response=build_response(self.model, [], FAKE_RESPONSES_ID),
            sequence_number=self._next(),
            type="response.created",
        )
        async for chunk in chunks:
            self.chunks_seen += 1
            if state.response_id is None and getattr(chunk, "id", None):
                state.response_id = chunk.id
            usage = getattr(chunk, "usage", None)
            if usage is not None:
                state.usage = usage
            for choice in chunk.choices or []:
                if choice.finish_reason:
                    state.finish_reason = choice.finish_reason
                delta = choice.delta
                if delta is None:
                    continue
                reasoning = self._reasoning_delta(delta)
                if reasoning:
                    for event in self._on_reasoning(reasoning):
                        yield event
                if delta.content:
                    for event in self._on_text(delta.content):
                        yield event
                if delta.refusal:
                    state.refusal += delta.refusal
                for call in delta.tool_calls or []:
                    index = call.index if call.index is not None else len(state.tool_calls)
                    slot = state.tool_calls.setdefault(index, _ToolCallState())
                    if call.id:
                        slot.call_id = call.id
                    function = call.function
                    if function is not None:
                        if function.name:
                            slot.name += function.name
                        if function.arguments:
                            slot.arguments += function.arguments
        for event in self._finish():
            yield event

    def _reasoning_delta(self, delta: Any) -> str | None:
        extra = delta.model_extra or {}
        for name in self.profile.reasoning_fields:
            value = extra.get(name)
            if isinstance(value, str) and value:
                return value
        return None

    def _on_reasoning(self, text: str) -> list[ResponseStreamEvent]:
        events: list[ResponseStreamEvent] = []
        if not self._reasoning_open:
            self._reasoning_open = True
            self._reasoning_index = self._output_index
            self._output_index += 1
            events.append(
                ResponseOutputItemAddedEvent.model_construct(
                    item=ResponseReasoningItem(id=FAKE_RESPONSES_ID, summary=[], type="reasoning"),
                    output_index=self._reasoning_index,
                    sequence_number=self._next(),
                    type="response.output_item.added",
                )
            )
            events.append(
                ResponseReasoningSummaryPartAddedEvent.model_construct(
                    item_id=FAKE_RESPONSES_ID,
                    output_index=self._reasoning_index,
                    part=AddedSummaryPart(text="", type="summary_text"),
                    sequence_number=self._next(),
                    summary_index=0,
                    type="response.reasoning_summary_part.added",
                )
            )
        self.state.reasoning += text
        events.append(
            ResponseReasoningSummaryTextDeltaEvent.model_construct(
                delta=text,
                item_id=FAKE_RESPONSES_ID,
                output_index=self._reasoning_index,
                sequence_number=self._next(),
                summary_index=0,
                type="response.reasoning_summary_text.delta",
            )
        )
        return events

    def _on_text(self, text: str) -> list[ResponseStreamEvent]:
        events: list[ResponseStreamEvent] = []
        if not self._message_open:
            self._message_open = True
            self._message_index = self._output_index
            self._output_index += 1
            events.append(
                ResponseOutputItemAddedEvent.model_construct(
                    item=ResponseOutputMessage(
                        id=FAKE_RESPONSES_ID,
                        content=[],
                        role="assistant",
                        status="in_progress",
                        type="message",
                    ),
                    output_index=self._message_index,
                    sequence_number=self._next(),
                    type="response.output_item.added",
                )
            )
            events.append(
                ResponseContentPartAddedEvent.model_construct(
                    content_index=0,
                    item_id=FAKE_RESPONSES_ID,
                    output_index=self._message_index,
                    part=ResponseOutputText(text="", type="output_text", annotations=[]),
                    sequence_number=self._next(),
                    type="response.content_part.added",
                )
            )
        self.state.text += text
        events.append(
            ResponseTextDeltaEvent.model_construct(
                content_index=0,
                delta=text,
                item_id=FAKE_RESPONSES_ID,
                logprobs=[],
                output_index=self._message_index,
                sequence_number=self._next(),
                type="response.output_text.delta",
            )
        )
        return events

    def output_items(self) -> list[TResponseOutputItem]:
        """The turn's output items, in the order the model produced them."""
        from openai.types.responses import ResponseOutputRefusal

        state = self.state
        items: list[TResponseOutputItem] = []
        if state.reasoning:
            items.append(
                ResponseReasoningItem(
                    id=FAKE_RESPONSES_ID,
                    summary=[Summary(text=state.reasoning, type="summary_text")],
                    type="reasoning",
                )
            )
        if state.text or state.refusal:
            parts: list[ResponseOutputText | ResponseOutputRefusal] = []
            if state.text:
                parts.append(
                    ResponseOutputText(
                        text=state.text, type="output_text", annotations=[], logprobs=[]
                    )
                )
            if state.refusal:
                parts.append(ResponseOutputRefusal(refusal=state.refusal, type="refusal"))
            items.append(
                ResponseOutputMessage(
                    id=FAKE_RESPONSES_ID,
                    content=parts,
                    role="assistant",
                    status="completed",
                    type="message",
                )
            )
        for slot in (state.tool_calls[i] for i in sorted(state.tool_calls)):
            items.append(
                ResponseFunctionToolCall(
                    id=FAKE_RESPONSES_ID,
                    call_id=slot.call_id,
                    name=slot.name,
                    arguments=slot.arguments,
                    type="function_call",
                )
            )
        return items

    def _finish(self) -> list[ResponseStreamEvent]:
        events: list[ResponseStreamEvent] = []
        items = self.output_items()
        reasoning_item = next((i for i in items if isinstance(i, ResponseReasoningItem)), None)
        message = next((i for i in items if isinstance(i, ResponseOutputMessage)), None)
        if self._reasoning_open:
            events.append(
                ResponseReasoningSummaryPartDoneEvent.model_construct(
                    item_id=FAKE_RESPONSES_ID,
                    output_index=self._reasoning_index,
                    part=DoneSummaryPart(text=self.state.reasoning, type="summary_text"),
                    sequence_number=self._next(),
                    summary_index=0,
                    type="response.reasoning_summary_part.done",
                )
            )
            events.append(
                ResponseOutputItemDoneEvent.model_construct(
                    item=reasoning_item,
                    output_index=self._reasoning_index,
                    sequence_number=self._next(),
                    type="response.output_item.done",
                )
            )
        if self._message_open and message is not None:
            events.append(
                ResponseTextDoneEvent.model_construct(
                    content_index=0,
                    item_id=FAKE_RESPONSES_ID,
                    logprobs=[],
                    output_index=self._message_index,
                    sequence_number=self._next(),
                    text=self.state.text,
                    type="response.output_text.done",
                )
            )
            events.append(
                ResponseContentPartDoneEvent.model_construct(
                    content_index=0,
                    item_id=FAKE_RESPONSES_ID,
                    output_index=self._message_index,
                    part=message.content[0],
                    sequence_number=self._next(),
                    type="response.content_part.done",
                )
            )
            events.append(
                ResponseOutputItemDoneEvent.model_construct(
                    item=message,
                    output_index=self._message_index,
                    sequence_number=self._next(),
                    type="response.output_item.done",
                )
            )
        for item in items:
            if not isinstance(item, ResponseFunctionToolCall):
                continue
            index = self._output_index
            self._output_index += 1
            events.append(
                ResponseOutputItemAddedEvent.model_construct(
                    item=item.model_copy(update={"arguments": ""}),
                    output_index=index,
                    sequence_number=self._next(),
                    type="response.output_item.added",
                )
            )
            events.append(
                ResponseFunctionCallArgumentsDeltaEvent.model_construct(
                    delta=item.arguments,
                    item_id=FAKE_RESPONSES_ID,
                    output_index=index,
                    sequence_number=self._next(),
                    type="response.function_call_arguments.delta",
                )
            )
            events.append(
                ResponseFunctionCallArgumentsDoneEvent.model_construct(
                    arguments=item.arguments,
                    item_id=FAKE_RESPONSES_ID,
                    name=item.name,
                    output_index=index,
                    sequence_number=self._next(),
                    type="response.function_call_arguments.done",
                )
            )
            events.append(
                ResponseOutputItemDoneEvent.model_construct(
                    item=item,
                    output_index=index,
                    sequence_number=self._next(),
                    type="response.output_item.done",
                )
            )
        response = build_response(
            self.model,
            items,
            self.state.response_id or FAKE_RESPONSES_ID,
            to_response_usage(usage_from_chat(self.state.usage)),
        )
        events.append(
            ResponseCompletedEvent.model_construct(
                response=response, sequence_number=self._next(), type="response.completed"
            )
        )
        return events
