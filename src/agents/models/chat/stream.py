"""Chat Completions stream chunks in, Responses-API stream events out.

Users read streams as the `openai` package's Responses event types whatever the provider;
this turns each provider's chunk stream into that shape, in one pass over the chunks.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from openai.types.completion_usage import CompletionUsage
from openai.types.responses import Response
from openai.types.responses import ResponseCompletedEvent
from openai.types.responses import ResponseContentPartAddedEvent
from openai.types.responses import ResponseContentPartDoneEvent
from openai.types.responses import ResponseCreatedEvent
from openai.types.responses import ResponseFunctionCallArgumentsDeltaEvent
from openai.types.responses import ResponseFunctionCallArgumentsDoneEvent
from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputItemAddedEvent
from openai.types.responses import ResponseOutputItemDoneEvent
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseOutputText
from openai.types.responses import ResponseReasoningItem
from openai.types.responses import ResponseReasoningSummaryPartAddedEvent
from openai.types.responses import ResponseReasoningSummaryPartDoneEvent
from openai.types.responses import ResponseStreamEvent
from openai.types.responses import ResponseTextDoneEvent
from openai.types.responses import ResponseUsage
from openai.types.responses.response_reasoning_summary_part_added_event import (
    Part as AddedSummaryPart,
)
from openai.types.responses.response_reasoning_summary_part_done_event import (
    Part as DoneSummaryPart,
)

from agents.items import TResponseOutputItem
from agents.models.chat.think_tags import ThinkTagSplitter
from agents.models.chat.think_tags import split_closing_only
from agents.models.dialects.profiles import ModelProfile
from agents.models.dialects.tool_call_ids import new_call_id
from agents.models.fake_id import FAKE_RESPONSES_ID
from agents.models.wire.content import arguments_text
from agents.models.wire.content import content_parts
from agents.models.wire.content import make_reasoning_item
from agents.models.wire.content import merge_extra
from agents.models.wire.content import merge_reasoning_details
from agents.models.wire.content import reasoning_details
from agents.models.wire.content import reasoning_text
from agents.models.wire.content import tool_call_extra
from agents.models.wire.content import tool_call_provider_data
from agents.models.wire.delta_events import reasoning_delta
from agents.models.wire.delta_events import text_delta
from agents.models.wire.stream_guard import IdleClock
from agents.models.wire.stream_guard import IncompleteStream
from agents.models.wire.stream_guard import chat_chunk_has_content
from agents.models.wire.truncation import mark_truncated
from agents.models.wire.usage import find_usage
from agents.models.wire.usage import to_response_usage
from agents.models.wire.usage import usage_from_chat
from agents.usage import attach_provider_usage


def _get(obj: Any, name: str) -> Any:
    """A field of a chunk or of one of its parts, None when absent.

    The `openai` route reads chunks as the parsed JSON (see `agents.models.chat.transport`);
    litellm and `create` give objects. A dict is read with `get`: a missed attribute costs
    an exception inside `getattr`, several times per chunk.
    """
    if type(obj) is dict:
        return obj.get(name)
    return getattr(obj, name, None)


def _field(obj: Any, name: str) -> Any:
    """A field every object of this kind declares: a part that is not a dict or an object
    with it (a number where a choice should be) raises, as reading it always has."""
    if type(obj) is dict:
        return obj.get(name)
    return getattr(obj, name)


_TEXT_DELTA_KEYS = frozenset({"role", "content"})


def _text_only(delta: dict[str, Any]) -> bool:
    """Whether a parsed delta carries nothing but its role and a string content (empty
    fields, as providers send `"tool_calls": null`, count as absent)."""
    for key, value in delta.items():  # noqa: SIM110 - a plain loop is cheaper per chunk
        if value and key not in _TEXT_DELTA_KEYS:
            return False
    return True


def _lone_text(chunk: dict[str, Any], usage_keys: tuple[str, ...]) -> str | None:
    """The text of a parsed chunk that says nothing else (one choice, no finish reason, no
    usage, a delta of text only): most chunks of an answer. None: read the chunk whole."""
    choices = chunk.get("choices")
    if type(choices) is not list or len(choices) != 1:
        return None
    choice = choices[0]
    if type(choice) is not dict:
        return None
    delta = choice.get("delta")
    if type(delta) is not dict or choice.get("finish_reason"):
        return None
    content = delta.get("content")
    if type(content) is not str or not content:
        return None
    if len(delta) != 1 and not _text_only(delta):
        return None
    for key in usage_keys:
        if chunk.get(key) is not None:
            return None
    return content


async def _one_by_one(chunks: AsyncIterator[Any]) -> AsyncIterator[list[Any]]:
    """Chunks read one at a time, as the batches the converter takes."""
    async for chunk in chunks:
        yield [chunk]


@dataclass
class _ToolCallState:
    call_id: str | None = None
    """The id as the provider sent it (None: never sent; "" is Gemini's empty id)."""
    name: str = ""
    argument_parts: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    """Fields kept to go back with the call (Gemini's `extra_content`)."""

    @property
    def arguments(self) -> str:
        return "".join(self.argument_parts)


@dataclass
class StreamState:
    """What has been read from the stream so far."""

    reasoning_parts: list[str] = field(default_factory=list)
    reasoning_details: list[Any] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    """Pieces, joined once at the end: appending to one string copies it each time, which
    made long answers quadratic."""
    refusal: str = ""
    tool_calls: dict[int, _ToolCallState] = field(default_factory=dict)
    usage: CompletionUsage | Any | None = None
    finish_reason: str | None = None
    response_id: str | None = None

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    @property
    def reasoning(self) -> str:
        return "".join(self.reasoning_parts)


def build_response(
    model: str,
    output: list[TResponseOutputItem],
    response_id: str,
    usage: ResponseUsage | None = None,
) -> Response:
    """A Responses-API `Response` holding one turn's output (items already typed, so cheap)."""
    return Response(
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
        self._splitter = ThinkTagSplitter(profile.think_tags)
        self._items: list[TResponseOutputItem] | None = None
        self._message_text: str | None = None
        self._text_delta = text_delta()
        self._reasoning_event = reasoning_delta()
        cls = type(self)
        self._plain_ok = (
            cls._on_delta is ChatStreamConverter._on_delta
            and cls._on_content is ChatStreamConverter._on_content
            and cls._on_text is ChatStreamConverter._on_text
            and all(profile.usage_paths)
        )
        """Whether a chunk of plain text may skip `_on_delta` (no subclass hooks there)."""
        self._plain = False
        """Set once a text-only delta only appends to the open message (see `events`)."""

    def _next(self) -> int:
        self._seq += 1
        return self._seq - 1

    def events(self, chunks: AsyncIterator[Any]) -> AsyncIterator[ResponseStreamEvent]:
        """Chunks are `ChatCompletionChunk`s or shaped like them (litellm's stream chunks)."""
        return self._events(_one_by_one(chunks), None)

    def events_in_batches(
        self, batches: AsyncIterator[list[Any]], clock: IdleClock | None
    ) -> AsyncIterator[ResponseStreamEvent]:
        """`events` for chunks handed over a socket read's worth at a time (the lean path's
        reader); each chunk with content touches `clock`, the stream's idle deadline, as it
        is taken (`stream_guard.bounded_by`)."""
        return self._events(batches, clock)

    async def _events(
        self, batches: AsyncIterator[list[Any]], clock: IdleClock | None
    ) -> AsyncIterator[ResponseStreamEvent]:
        state = self.state
        yield ResponseCreatedEvent(
            response=build_response(self.model, [], FAKE_RESPONSES_ID),
            sequence_number=self._next(),
            type="response.created",
        )
        usage_paths = self.profile.usage_paths
        usage_keys = tuple(dict.fromkeys(path[0] for path in usage_paths if path))
        text_parts = state.text_parts
        make_delta = self._text_delta
        async for batch in batches:
            self.chunks_seen += len(batch)
            for chunk in batch:
                if self._plain and type(chunk) is dict:
                    # The common chunk once the message is open: its text, one event.
                    text = _lone_text(chunk, usage_keys)
                    if text is not None:
                        if clock is not None:
                            clock.touch()
                        if state.response_id is None and chunk.get("id"):
                            state.response_id = chunk["id"]
                        text_parts.append(text)
                        seq = self._seq
                        self._seq = seq + 1
                        yield make_delta(
                            delta=text, output_index=self._message_index, sequence_number=seq
                        )
                        continue
                if clock is not None and chat_chunk_has_content(chunk):
                    clock.touch()
                for event in self._on_chunk(chunk, usage_paths):
                    yield event
        if state.finish_reason is None:
            # Every provider ends an answer with a finish reason; a body that ends without
            # one was cut (a proxy or the provider gave up), however cleanly it closed.
            missing = "no chunk carried a finish_reason"
            raise IncompleteStream(missing, empty=self.chunks_seen == 0)
        for event in self._flush_content():
            yield event
        for event in self._finish():
            yield event

    def _on_chunk(
        self, chunk: Any, usage_paths: tuple[tuple[str, ...], ...]
    ) -> list[ResponseStreamEvent]:
        """A chunk read whole: its id, usage, finish reason and each choice's delta (every
        chunk but the plain text ones `_events` reads itself)."""
        state = self.state
        if state.response_id is None:
            chunk_id = _get(chunk, "id")
            if chunk_id:
                state.response_id = chunk_id
        usage = find_usage(chunk, usage_paths)
        if usage is not None:
            state.usage = usage
        events: list[ResponseStreamEvent] = []
        for choice in _get(chunk, "choices") or ():
            finish_reason = _field(choice, "finish_reason")
            if finish_reason:
                state.finish_reason = finish_reason
            delta = _field(choice, "delta")
            if delta is not None:
                events += self._on_delta(delta)
        if not self._plain:
            self._plain = self._plain_ok and self._message_open and self._splitter.passing
        return events

    def _on_delta(self, delta: Any) -> list[ResponseStreamEvent]:
        if type(delta) is dict and _text_only(delta):
            # Most chunks of an answer: a piece of text and nothing else to look for.
            content = delta.get("content")
            if type(content) is str and content:
                return self._on_content(self._splitter.feed(content))
        state = self.state
        events: list[ResponseStreamEvent] = []
        reasoning = self._reasoning_delta(delta)
        if reasoning:
            events += self._on_reasoning(reasoning)
        details = reasoning_details(delta, self.profile)
        if details:
            merge_reasoning_details(state.reasoning_details, details)
        content = _get(delta, "content")
        if content:
            chunk_reasoning, text = content_parts(content)
            if chunk_reasoning:
                events += self._on_reasoning(chunk_reasoning)
            if text:
                events += self._on_content(self._splitter.feed(text))
        refusal = _get(delta, "refusal")  # absent on litellm's deltas
        if refusal:
            state.refusal += refusal
        for call in _get(delta, "tool_calls") or ():
            self._on_tool_call(call)
        return events

    def _on_content(self, pieces: Sequence[tuple[str, str]]) -> list[ResponseStreamEvent]:
        events: list[ResponseStreamEvent] = []
        for kind, piece in pieces:
            events += self._on_reasoning(piece) if kind == "reasoning" else self._on_text(piece)
        return events

    def _flush_content(self) -> list[ResponseStreamEvent]:
        return self._on_content(self._splitter.flush())

    def _on_tool_call(self, call: Any) -> None:
        """Fold one tool-call delta into its slot.

        Most providers stream a call as fragments sharing an `index`; Mistral sends each whole
        call in one chunk without an index. A fragment without an index continues the call
        whose id it repeats, starts a new call when it carries a new id or a name, and
        continues the last call otherwise.
        """
        calls = self.state.tool_calls
        function = _get(call, "function")
        name = _get(function, "name") if function is not None else None
        call_id = _get(call, "id")
        index = _get(call, "index")
        if not isinstance(index, int):
            same = [i for i, slot in calls.items() if call_id and slot.call_id == call_id]
            if same:
                index = same[0]  # the id repeated on each fragment of one call
            elif calls and call_id is None and not name:
                index = max(calls)
            else:
                index = max(calls) + 1 if calls else 0
        slot = calls.setdefault(index, _ToolCallState())
        if call_id is not None and (call_id or slot.call_id is None):
            slot.call_id = call_id
        if name and name != slot.name:
            slot.name += name  # some providers repeat the whole name on every fragment
        if function is not None:
            arguments = _get(function, "arguments")
            if arguments:
                slot.argument_parts.append(arguments_text(arguments))
        for key, value in tool_call_extra(call, self.profile).items():
            slot.extra[key] = merge_extra(slot.extra.get(key), value)

    def _reasoning_delta(self, delta: Any) -> str | None:
        return reasoning_text(delta, self.profile)

    def _on_reasoning(self, text: str) -> list[ResponseStreamEvent]:
        events: list[ResponseStreamEvent] = []
        if not self._reasoning_open:
            self._reasoning_open = True
            self._reasoning_index = self._output_index
            self._output_index += 1
            events.append(
                ResponseOutputItemAddedEvent(
                    item=ResponseReasoningItem(id=FAKE_RESPONSES_ID, summary=[], type="reasoning"),
                    output_index=self._reasoning_index,
                    sequence_number=self._next(),
                    type="response.output_item.added",
                )
            )
            events.append(
                ResponseReasoningSummaryPartAddedEvent(
                    item_id=FAKE_RESPONSES_ID,
                    output_index=self._reasoning_index,
                    part=AddedSummaryPart(text="", type="summary_text"),
                    sequence_number=self._next(),
                    summary_index=0,
                    type="response.reasoning_summary_part.added",
                )
            )
        self.state.reasoning_parts.append(text)
        events.append(
            self._reasoning_event(
                delta=text, output_index=self._reasoning_index, sequence_number=self._next()
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
                ResponseOutputItemAddedEvent(
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
                ResponseContentPartAddedEvent(
                    content_index=0,
                    item_id=FAKE_RESPONSES_ID,
                    output_index=self._message_index,
                    part=ResponseOutputText(text="", type="output_text", annotations=[]),
                    sequence_number=self._next(),
                    type="response.content_part.added",
                )
            )
        self.state.text_parts.append(text)
        events.append(
            self._text_delta(
                delta=text, output_index=self._message_index, sequence_number=self._next()
            )
        )
        return events

    def output_items(self) -> list[TResponseOutputItem]:
        """The turn's output items, in the order the model produced them (built once)."""
        from openai.types.responses import ResponseOutputRefusal

        if self._items is not None:
            return self._items
        state = self.state
        items: list[TResponseOutputItem] = []
        reasoning, text = state.reasoning, state.text
        if not reasoning and self.profile.think_tags:
            # Only a closing tag came (the opening one was in the host's template): the
            # deltas went out as text, the stored turn is split as if both tags had come.
            found = split_closing_only(text, self.profile.think_tags)
            if found is not None:
                reasoning, text = found
                self._message_text = text
        if reasoning.strip() or state.reasoning_details:
            items.append(
                make_reasoning_item(reasoning, state.reasoning_details, self.profile, self.model)
            )
        if text or state.refusal:
            parts: list[ResponseOutputText | ResponseOutputRefusal] = []
            if text:
                parts.append(
                    ResponseOutputText(text=text, type="output_text", annotations=[], logprobs=[])
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
            call_id = slot.call_id or new_call_id()
            items.append(
                ResponseFunctionToolCall(
                    id=FAKE_RESPONSES_ID,
                    call_id=call_id,
                    name=slot.name,
                    arguments=slot.arguments,
                    type="function_call",
                    **tool_call_provider_data(
                        self.profile, self.model, slot.call_id, call_id, slot.extra
                    ),
                )
            )
        # Cut off at the token limit: marked as the Responses API marks it (see truncation).
        self._items = mark_truncated(items, state.finish_reason)
        return self._items

    def _finish(self) -> list[ResponseStreamEvent]:
        """The closing events: open reasoning and text parts done, each tool call whole (as
        the Responses API streams it), then `response.completed` with every item."""
        events: list[ResponseStreamEvent] = []
        items = self.output_items()
        reasoning_item = next((i for i in items if isinstance(i, ResponseReasoningItem)), None)
        message = next((i for i in items if isinstance(i, ResponseOutputMessage)), None)
        if self._reasoning_open and reasoning_item is not None:
            events.append(
                ResponseReasoningSummaryPartDoneEvent(
                    item_id=FAKE_RESPONSES_ID,
                    output_index=self._reasoning_index,
                    part=DoneSummaryPart(text=self.state.reasoning, type="summary_text"),
                    sequence_number=self._next(),
                    summary_index=0,
                    type="response.reasoning_summary_part.done",
                )
            )
            events.append(self._item_done(reasoning_item, self._reasoning_index))
        if self._message_open and message is not None:
            events.extend(self._message_done(message))
        for item in items:
            if isinstance(item, ResponseFunctionToolCall):
                events.extend(self._tool_call_events(item))
        response = build_response(
            self.model,
            items,
            self.state.response_id or FAKE_RESPONSES_ID,
            to_response_usage(usage_from_chat(self.state.usage)),
        )
        attach_provider_usage(response, self.state.usage)
        events.append(
            ResponseCompletedEvent(
                response=response, sequence_number=self._next(), type="response.completed"
            )
        )
        return events

    def _item_done(self, item: TResponseOutputItem, index: int) -> ResponseOutputItemDoneEvent:
        return ResponseOutputItemDoneEvent(
            item=item,
            output_index=index,
            sequence_number=self._next(),
            type="response.output_item.done",
        )

    def _message_done(self, message: ResponseOutputMessage) -> list[ResponseStreamEvent]:
        return [
            ResponseTextDoneEvent(
                content_index=0,
                item_id=FAKE_RESPONSES_ID,
                logprobs=[],
                output_index=self._message_index,
                sequence_number=self._next(),
                text=self.state.text if self._message_text is None else self._message_text,
                type="response.output_text.done",
            ),
            ResponseContentPartDoneEvent(
                content_index=0,
                item_id=FAKE_RESPONSES_ID,
                output_index=self._message_index,
                part=message.content[0],
                sequence_number=self._next(),
                type="response.content_part.done",
            ),
            self._item_done(message, self._message_index),
        ]

    def _tool_call_events(self, item: ResponseFunctionToolCall) -> list[ResponseStreamEvent]:
        """A tool call streamed whole at the end: added, its arguments in one delta, done."""
        index = self._output_index
        self._output_index += 1
        added = ResponseOutputItemAddedEvent(
            item=item.model_copy(update={"arguments": ""}),
            output_index=index,
            sequence_number=self._next(),
            type="response.output_item.added",
        )
        delta = ResponseFunctionCallArgumentsDeltaEvent(
            delta=item.arguments,
            item_id=FAKE_RESPONSES_ID,
            output_index=index,
            sequence_number=self._next(),
            type="response.function_call_arguments.delta",
        )
        done = ResponseFunctionCallArgumentsDoneEvent(
            arguments=item.arguments,
            item_id=FAKE_RESPONSES_ID,
            output_index=index,
            sequence_number=self._next(),
            type="response.function_call_arguments.done",
        )
        return [added, delta, done, self._item_done(item, index)]
