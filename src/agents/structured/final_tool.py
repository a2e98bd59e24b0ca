"""The final-output tool: a model's call of it becomes the final message's JSON text.

For providers where tools work and a JSON response format does not (or not alongside tools,
as on Gemini), the output type is declared as one more function. The adapter turns the
model's call of it back into an ordinary assistant message holding the arguments, so the run
loop sees a final answer exactly as it would from any other strategy, streamed or not.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from collections.abc import Collection
from collections.abc import Iterable
from typing import Any
from typing import Literal

from openai.types.responses import ResponseContentPartAddedEvent
from openai.types.responses import ResponseContentPartDoneEvent
from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputItemAddedEvent
from openai.types.responses import ResponseOutputItemDoneEvent
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseOutputText
from openai.types.responses import ResponseStreamEvent
from openai.types.responses import ResponseTextDeltaEvent
from openai.types.responses import ResponseTextDoneEvent

from agents.items import FAKE_RESPONSES_ID
from agents.items import TResponseOutputItem

DEFAULT_TOOL_NAME = "final_output"


def final_tool_name(taken: Collection[str]) -> str:
    """`final_output`, or `final_output_2`, ... when the agent already has a tool so named."""
    if DEFAULT_TOOL_NAME not in taken:
        return DEFAULT_TOOL_NAME
    for n in itertools.count(2):
        name = f"{DEFAULT_TOOL_NAME}_{n}"
        if name not in taken:
            return name
    raise AssertionError("unreachable")  # pragma: no cover


def _message(
    text: str, status: Literal["in_progress", "completed", "incomplete"] = "completed"
) -> ResponseOutputMessage:
    return ResponseOutputMessage(
        id=FAKE_RESPONSES_ID,
        content=[ResponseOutputText(text=text, type="output_text", annotations=[], logprobs=[])]
        if status == "completed"
        else [],
        role="assistant",
        status=status,
        type="message",
    )


def _is_final(item: Any, tool_name: str) -> bool:
    return isinstance(item, ResponseFunctionToolCall) and item.name == tool_name


def calls_to_message(
    items: Iterable[TResponseOutputItem], tool_name: str
) -> list[TResponseOutputItem]:
    """The turn's output with the final-output call as a message holding its arguments.

    A final-output call next to calls of other tools is dropped: its answer was given before
    those tools' results were known, so the model is asked again once they are.
    """
    items = list(items)
    finals = [item for item in items if _is_final(item, tool_name)]
    if not finals:
        return items
    others = any(
        isinstance(item, ResponseFunctionToolCall) and item.name != tool_name for item in items
    )
    keep = None if others else finals[-1]
    out: list[TResponseOutputItem] = []
    for item in items:
        if item is keep and isinstance(item, ResponseFunctionToolCall):
            out.append(_message(item.arguments or "{}"))
        elif not _is_final(item, tool_name):
            out.append(item)
    return out


def _message_events(text: str, index: int, seq: itertools.count[int]) -> list[Any]:
    """The events that stream `text` as one message at output `index`, as the API orders them."""
    done = _message(text)
    part = {"content_index": 0, "item_id": FAKE_RESPONSES_ID}
    empty = ResponseOutputText(text="", type="output_text", annotations=[])
    events: list[tuple[type[Any], str, dict[str, Any]]] = [
        (ResponseOutputItemAddedEvent, "output_item.added", {"item": _message("", "in_progress")}),
        (ResponseContentPartAddedEvent, "content_part.added", {**part, "part": empty}),
        (ResponseTextDeltaEvent, "output_text.delta", {**part, "delta": text, "logprobs": []}),
        (ResponseTextDoneEvent, "output_text.done", {**part, "text": text, "logprobs": []}),
        (ResponseContentPartDoneEvent, "content_part.done", {**part, "part": done.content[0]}),
        (ResponseOutputItemDoneEvent, "output_item.done", {"item": done}),
    ]
    return [
        event(**fields, output_index=index, sequence_number=next(seq), type=f"response.{kind}")
        for event, kind, fields in events
    ]


async def calls_to_message_events(
    events: AsyncIterator[ResponseStreamEvent], tool_name: str
) -> AsyncIterator[ResponseStreamEvent]:
    """A turn's stream with the final-output call's events replaced by a message's.

    The call's events are held back until the response completes (only then is it known
    whether other tools were called too); its message is then streamed, just before the
    completed response, whose output says the same (see `calls_to_message`). Sequence
    numbers are renumbered so they stay in order.
    """
    seq = itertools.count()
    held: set[int] = set()
    for_message: dict[int, str] = {}
    async for event in events:
        kind = event.type
        index = getattr(event, "output_index", None)
        if kind == "response.output_item.added" and _is_final(
            getattr(event, "item", None), tool_name
        ):
            if isinstance(index, int):
                held.add(index)
            continue
        if isinstance(index, int) and index in held:
            item = getattr(event, "item", None)
            if kind == "response.output_item.done" and isinstance(item, ResponseFunctionToolCall):
                for_message[index] = item.arguments or "{}"
            continue
        response = getattr(event, "response", None)
        if kind in ("response.completed", "response.incomplete") and response is not None:
            output = calls_to_message(response.output, tool_name)
            others = any(isinstance(item, ResponseFunctionToolCall) for item in output)
            if for_message and not others:
                last = max(for_message)
                for synthetic in _message_events(for_message[last], last, seq):
                    yield synthetic
            response.output = output
        if hasattr(event, "sequence_number"):
            event.sequence_number = next(seq)
        yield event
